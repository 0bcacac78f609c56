"""Fixtures: a fresh database per test (SQLite by default, PostgreSQL when
TEST_DATABASE_URL is set), the real course loaded, and small builders."""

import contextvars
import os
import re
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from werkzeug.security import generate_password_hash

from quizapp import create_app
from quizapp.content import read_course, sync_course
from quizapp.extensions import db
from quizapp.models import Classroom, Membership, User

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery"
CSRF_PATTERN = re.compile(r'"X-CSRFToken": "([^"]+)"')


@cache
def password_hash() -> str:
    return generate_password_hash(PASSWORD, method="scrypt")


@cache
def real_course():
    return read_course(ROOT / "questions")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    return os.environ.get("TEST_DATABASE_URL") or (
        f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    )


@pytest.fixture(scope="session")
def _schema(database_url):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        db.drop_all()
        db.create_all()
        db.engine.dispose()
    return app


@pytest.fixture
def app(_schema, database_url):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "RATELIMIT_ENABLED": False,
            "CONTENT_RECHECK_SECONDS": 0,
            "SECRET_KEY": "test-secret",
            # Tests travel weeks through reviews while signed in; the idle timeout
            # has tests of its own (tests/security/test_sessions.py, on make_app).
            "IDLE_MINUTES": 10**7,
        }
    )
    with app.app_context():
        _empty_all_tables()
        sync_course(real_course())
        yield app
        db.session.remove()
        db.engine.dispose()


def _empty_all_tables() -> None:
    with db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())


class FreshContextClient(FlaskClient):
    """Runs every request in its own app context, as a real server does.

    The `app` fixture keeps one app context open for the test; without this,
    requests would share one `g` (Flask-Login's cached user, the CSRF token)
    and hide bugs that only show between separate requests.
    """

    def open(self, *args, **kwargs):
        context = contextvars.Context()
        response = context.run(super().open, *args, **kwargs)
        context.run(response.get_data)
        context.run(response.close)
        db.session.rollback()
        return response


@pytest.fixture
def client(app):
    app.test_client_class = FreshContextClient
    return app.test_client()


class Auth:
    """Logs a test client in and posts forms with the session's CSRF token."""

    def __init__(self, client):
        self.client = client

    def csrf_token(self, path: str = "/login") -> str:
        page = self.client.get(path).get_data(as_text=True)
        return CSRF_PATTERN.search(page).group(1)

    def post(self, path: str, data: dict | None = None, **kwargs):
        payload = {"csrf_token": self.csrf_token(kwargs.pop("token_from", "/help"))}
        payload.update(data or {})
        return self.client.post(path, data=payload, **kwargs)

    def login(self, user: User, password: str = PASSWORD):
        response = self.post("/login", {"username": user.username, "password": password})
        assert response.status_code == 303, response.get_data(as_text=True)
        return response

    def logout(self):
        return self.post("/logout")


@pytest.fixture
def auth(client):
    return Auth(client)


_counter = {"n": 0}


def make_user(role: str = "student", username: str | None = None) -> User:
    _counter["n"] += 1
    user = User(username=username or f"{role}{_counter['n']}", role=role)
    user.password_hash = password_hash()
    db.session.add(user)
    db.session.commit()
    return user


def make_class(teacher: User, name: str = "Period 1", students=()) -> Classroom:
    _counter["n"] += 1
    classroom = Classroom(teacher_id=teacher.id, name=name, join_code=f"TST{_counter['n']:05d}")
    db.session.add(classroom)
    db.session.flush()
    for student in students:
        db.session.add(Membership(classroom_id=classroom.id, user_id=student.id))
    db.session.commit()
    return classroom


@pytest.fixture
def student(app):
    return make_user("student")


@pytest.fixture
def teacher(app):
    return make_user("teacher")


@pytest.fixture
def admin(app):
    return make_user("admin")


class Clock:
    """A clock tests move by hand; the app reads it through app.config["CLOCK"]."""

    def __init__(self, start: datetime):
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def travel(self, **delta) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture
def clock(app):
    app.config["CLOCK"] = Clock(datetime(2026, 1, 5, 9, 0))
    return app.config["CLOCK"]
