"""Unit tests touch no database: a test here that asks for the app's database
fixtures, or opens a connection on any engine, fails and says where it belongs."""

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

MOVE = "unit tests touch no database: move this test to tests/database or tests/web"


class DatabaseRefused(AssertionError):
    pass


def _refuse_connection(dbapi_connection, connection_record):
    raise DatabaseRefused(MOVE)


@pytest.fixture(autouse=True)
def no_database():
    event.listen(Engine, "connect", _refuse_connection)
    yield
    event.remove(Engine, "connect", _refuse_connection)


@pytest.fixture
def database_url():
    raise DatabaseRefused(MOVE)


@pytest.fixture
def app():
    raise DatabaseRefused(MOVE)
