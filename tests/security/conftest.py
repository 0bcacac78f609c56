"""Security fixtures: another browser, another app on the same database."""

from contextlib import suppress

import pytest
import redis

from quizapp import create_app
from quizapp.extensions import db, limiter
from tests.conftest import FreshContextClient, worker_redis_url

# Its tests may empty it (databases 15 to 11).
REDIS_URL = worker_redis_url("TEST_REDIS_URL", 15)


def counted_limits(**config) -> dict:
    """Settings for an app whose test counts requests up to a limit: the limits on and
    kept in Redis, as in production, emptied first. With the in-memory storage, full
    runs on a busy machine let a guess past the limit now and then."""
    # Without Redis the app falls back to memory, as it does in production.
    with redis.Redis.from_url(REDIS_URL) as connection, suppress(redis.RedisError):
        connection.flushdb()
    return {"RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": REDIS_URL, **config}


@pytest.fixture
def new_client(app):
    """Another browser: its own cookies."""
    app.test_client_class = FreshContextClient
    return app.test_client


@pytest.fixture
def make_app(database_url, app, monkeypatch):
    """Build another app on the test database (its engine is closed after the test).

    One limiter object serves every app of this process, and it remembers a storage
    that once failed (it then counts in memory until a later check finds the storage
    back, starting the count again). Each app made here starts with its storage
    taken as working, as a worker starts."""
    made = []

    def build(**config):
        monkeypatch.setattr(limiter, "_storage_dead", False)
        settings = {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "RATELIMIT_ENABLED": False,
            "SECRET_KEY": "test-secret",
        }
        other = create_app({**settings, **config})
        other.test_client_class = FreshContextClient
        made.append(other)
        return other

    yield build
    for other in made:
        with other.app_context():
            db.session.remove()
            db.engine.dispose()


def fresh() -> None:
    """End the test's own transaction (and forget loaded rows) so it sees what the
    requests committed; tests commit what they build, so nothing is lost."""
    db.session.rollback()
