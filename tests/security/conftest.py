"""Security tests run every request in its own app context, as a real server does.

The shared `app` fixture keeps one app context open for the whole test, so by
default every test-client request shares one `g`: Flask-Login's cached user and
Flask-WTF's cached CSRF token would leak from one request (or one client) to the
next and hide exactly the bugs these tests look for.
"""

import contextvars

import pytest
from flask.testing import FlaskClient

from quizapp import create_app
from quizapp.extensions import db


class FreshContextClient(FlaskClient):
    def open(self, *args, **kwargs):
        context = contextvars.Context()
        response = context.run(super().open, *args, **kwargs)
        context.run(response.get_data)  # a streamed body runs inside its own request
        context.run(response.close)
        fresh()
        return response


@pytest.fixture
def client(app):
    app.test_client_class = FreshContextClient
    return app.test_client()


@pytest.fixture
def new_client(app):
    """Another browser: its own cookies."""
    app.test_client_class = FreshContextClient
    return app.test_client


def fresh() -> None:
    """End the test's own transaction (and forget loaded rows) so it sees what the
    requests committed; tests commit what they build, so nothing is lost."""
    db.session.rollback()


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
