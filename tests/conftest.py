"""Fixtures: a fresh database per test (SQLite by default, PostgreSQL when
TEST_DATABASE_URL is set), the real course loaded, and small builders.

The course is synced once per session. Between tests only the tables that hold
what tests make (users, classes, attempts, answers, beliefs, tallies...) are
emptied; the course tables are emptied and synced again only after a test
wrote to them (a content sync test, a lesson switched off).
"""

import asyncio
import contextvars
import os
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.security import generate_password_hash

from quizapp import create_app
from quizapp.content import read_course, sync_course
from quizapp.extensions import db, limiter
from quizapp.languages import LANGUAGES
from quizapp.models import Classroom, Membership, User

from .databases import (
    CourseTables,
    DemoSnapshot,
    database_of_worker,
    load,
    seed_and_keep,
    tables_with_rows,
)
from .shared import made_once, run_folder, share_in

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_COURSE = ROOT / "tests" / "fixtures" / "course"
PASSWORD = "correct horse battery"
CSRF_PATTERN = re.compile(r'"X-CSRFToken": "([^"]+)"')


# The accounts tests build by hand are stored with scrypt at a small work factor: a
# login checks them the way it checks any account, without the 100 ms of CPU that
# the app's own cost (models.hash_password, tested on its own) spends on each of the
# suite's many logins. Accounts the app makes through its pages keep the full cost.
FIXTURE_HASH_METHOD = "scrypt:128:8:1"


@contextmanager
def statements_sent():
    """The SQL statements the app's engine sends inside the block, each on one line."""
    sent: list[str] = []

    def record(conn, cursor, statement, *args):
        sent.append(" ".join(statement.split()))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def worker_redis_url(variable: str, highest: int) -> str:
    """The Redis URL in `variable`, else a Redis database of this pytest-xdist
    worker's own (`highest`, one below it, ... five below it): what one worker's tests
    write there (a session id, a counter) is never read by another's."""
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0")[2:])
    return os.environ.get(variable, f"redis://127.0.0.1:6379/{highest - worker % 5}")


@cache
def password_hash() -> str:
    return generate_password_hash(PASSWORD, method=FIXTURE_HASH_METHOD)


@cache
def real_course():
    return read_course(ROOT / "questions", LANGUAGES)


@pytest.fixture
def course_dir(tmp_path) -> Path:
    """A copy of the small fixture course, for tests that edit content files."""
    target = tmp_path / "course"
    shutil.copytree(FIXTURE_COURSE, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in a content file (which must hold it) with `new`."""
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


@pytest.fixture(scope="session", autouse=True)
def shared_results(tmp_path_factory) -> None:
    """What the run's processes make once for all (tests/shared.py) is kept here."""
    share_in(run_folder(tmp_path_factory) / "shared")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    """SQLite in this session's own temporary folder, or TEST_DATABASE_URL; under
    pytest-xdist each worker has a PostgreSQL database of its own beside that one."""
    given = os.environ.get("TEST_DATABASE_URL")
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not given:
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    return database_of_worker(sa.make_url(given), worker) if worker else given


@pytest.fixture(scope="session")
def course_tables(database_url):
    """A schema with the real course synced into it, once for the whole session."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        db.drop_all()
        db.create_all()
        sync_course(real_course())
        tables = CourseTables(tables_with_rows())
        db.engine.dispose()
    event.listen(Engine, "before_cursor_execute", tables.note)
    yield tables
    event.remove(Engine, "before_cursor_execute", tables.note)


class PristineApp:
    """One app for the whole session, handed to each test as create_app left it
    (its settings, no per-app caches): building an app, its URL rules above all,
    cost more than most tests do."""

    def __init__(self, app):
        self.app = app
        self.config = dict(app.config)
        self.extensions = set(app.extensions)

    def restore(self):
        self.app.config.clear()
        self.app.config.update(self.config)
        for name in set(self.app.extensions) - self.extensions:
            del self.app.extensions[name]
        # The limiter is one object for every app: an app a test built with limits
        # on (make_app) leaves it on.
        limiter.enabled = self.config["RATELIMIT_ENABLED"]
        return self.app


@pytest.fixture(scope="session")
def pristine_app(course_tables, database_url) -> PristineApp:
    return PristineApp(
        create_app(
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
    )


@pytest.fixture
def app(pristine_app, course_tables):
    app = pristine_app.restore()
    with app.app_context():
        reset_database(course_tables)
        yield app
        db.session.remove()
        db.engine.dispose()


def reset_database(course: CourseTables) -> None:
    """Empty what the last test made; bring the course back only if it was written."""
    resync = course.written
    with db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            if resync or table.name not in course.names:
                connection.execute(table.delete())
    if resync:
        sync_course(real_course())
    course.written = False


@pytest.fixture(scope="session")
def seeded_demo(pristine_app, course_tables) -> DemoSnapshot:
    """`flask seed-demo` on the emptied test database, once for the whole run: the
    rows it left, which `demo` puts back (every table's, the course's too)."""
    app = pristine_app.restore()
    with app.app_context():
        reset_database(course_tables)
        snapshot = made_once("seeded-demo", lambda: seed_and_keep(app))
        db.session.remove()
        db.engine.dispose()
    return snapshot


@pytest.fixture
def demo(app, seeded_demo, course_tables) -> DemoSnapshot:
    """The database as `flask seed-demo` leaves it: demo accounts and the demo class."""
    load(seeded_demo)
    course_tables.written = False  # its course rows are those the session synced
    return seeded_demo


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
        self._token: tuple[str | None, str] = (None, "")

    def csrf_token(self, path: str = "/login") -> str:
        page = self.client.get(path).get_data(as_text=True)
        return CSRF_PATTERN.search(page).group(1)

    def session_token(self) -> str:
        """The token a page of this session shows, read from a page again only when
        the session's secret changed (a login or logout clears the session): reading
        a whole page before each of a test's thousands of posts cost more than them."""
        with self.client.session_transaction() as session:
            secret = session.get("csrf_token")
        if secret is None or self._token[0] != secret:
            token = self.csrf_token("/help")
            with self.client.session_transaction() as session:
                self._token = (session.get("csrf_token"), token)
        return self._token[1]

    def post(self, path: str, data: dict | None = None, **kwargs):
        page = kwargs.pop("token_from", None)
        token = self.csrf_token(page) if page else self.session_token()
        payload = {"csrf_token": token}
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


def run_apart(coroutine):
    """`asyncio.run(coroutine())` on a thread of its own: a browser test earlier in the
    same worker leaves Playwright's event loop running on this one."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine()).result()
