"""Security fixtures: another browser, another app on the same database."""

import pytest

from quizapp import create_app
from quizapp.extensions import db
from tests.conftest import FreshContextClient


@pytest.fixture
def new_client(app):
    """Another browser: its own cookies."""
    app.test_client_class = FreshContextClient
    return app.test_client


@pytest.fixture
def make_app(database_url, app):
    """Build another app on the test database (its engine is closed after the test)."""
    made = []

    def build(**config):
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
