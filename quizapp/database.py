"""Engine settings that differ by database.

SQLite: WAL so readers never wait for the writer, a busy timeout instead of
"database is locked", foreign keys on, and `BEGIN IMMEDIATE` for requests that
write so two writers queue up at the start instead of failing mid-transaction.
"""

from contextlib import contextmanager
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import Flask, current_app, g, has_app_context, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

BUSY_TIMEOUT_MS = 15000
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def configure(app: Flask) -> None:
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite"):
        # Copies: the defaults are class attributes shared by every app in the process.
        options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}))
        options["connect_args"] = {
            **options.get("connect_args", {}),
            "timeout": BUSY_TIMEOUT_MS / 1000,
        }
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
        _ensure_sqlite_folder(uri)


def _ensure_sqlite_folder(uri: str) -> None:
    from pathlib import Path

    path = uri.split("sqlite:///", 1)[-1]
    if path and path != ":memory:" and not uri.startswith("sqlite://?"):
        Path(path).parent.mkdir(parents=True, exist_ok=True)


@event.listens_for(Engine, "connect")
def _sqlite_on_connect(dbapi_connection, connection_record):
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        # Let SQLAlchemy emit BEGIN itself (see _sqlite_begin).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        dbapi_connection.create_function("school_date", 2, _school_date, deterministic=True)


def _school_date(moment: str | None, zone_name: str) -> str | None:
    """SQLite's school_date(time, zone) (see tallies.school_date): the ISO date a stored
    naive UTC time falls on in the zone."""
    if moment is None:
        return None
    stored = datetime.fromisoformat(moment).replace(tzinfo=UTC)
    return stored.astimezone(ZoneInfo(zone_name)).date().isoformat()


def reads_only(view):
    """Mark a POST view that never writes (logging in): on SQLite it does not take
    the write lock, which it would otherwise hold through ~100 ms of password
    hashing while every answer waits. Such a view must not write at all."""
    view.reads_only = True
    return view


def reads_first(view):
    """Mark a POST view that reads, then writes only inside `write_transaction()`
    (saving an answer): on SQLite it holds the write lock for the writes alone,
    not for the whole request, so busy classes queue less."""
    view.reads_first = True
    return view


@contextmanager
def write_transaction():
    """The writes of a request, in a transaction of their own, committed at the end.

    What the request read so far stays loaded when the writes commit (nothing is
    expired, before or after). A rollback does expire it, as SQLAlchemy always does:
    after an answer's retry the attempt is read again when next used.
    On SQLite the reads' transaction ends first and this one begins by taking the
    write lock; PostgreSQL needs no such split. A `reads_first` view must write
    only in here."""
    from .extensions import db

    session = db.session()
    expire, session.expire_on_commit = session.expire_on_commit, False
    try:
        if session.get_bind().dialect.name == "sqlite":
            session.commit()  # ends the read snapshot: the writes begin a new transaction
        g.sqlite_write_lock = True
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.expire_on_commit = expire
        g.pop("sqlite_write_lock", None)


def _takes_write_lock() -> bool:
    if has_app_context() and g.get("sqlite_write_lock"):
        return True
    if not has_request_context() or request.method not in WRITE_METHODS:
        return False
    view = current_app.view_functions.get(request.endpoint)
    return not (getattr(view, "reads_only", False) or getattr(view, "reads_first", False))


@event.listens_for(Engine, "begin")
def _sqlite_begin(conn):
    if conn.dialect.name != "sqlite":
        return
    conn.exec_driver_sql("BEGIN IMMEDIATE" if _takes_write_lock() else "BEGIN")


def dialect_name() -> str:
    """The database the session talks to: "sqlite" or "postgresql"."""
    from .extensions import db

    return db.session.get_bind().dialect.name


def insert_for(dialect: str):
    """The INSERT construct with ON CONFLICT support for this database."""
    from sqlalchemy.dialects import postgresql, sqlite

    return postgresql.insert if dialect == "postgresql" else sqlite.insert


def dialect_insert(model):
    """An INSERT that supports ON CONFLICT on both SQLite and PostgreSQL."""
    return insert_for(dialect_name())(model)
