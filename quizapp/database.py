"""Engine settings that differ by database.

SQLite: WAL so readers never wait for the writer, a busy timeout instead of
"database is locked", foreign keys on, and `BEGIN IMMEDIATE` for requests that
write so two writers queue up at the start instead of failing mid-transaction.
A view that writes only after its reads says so with `@writes_late`.
"""

from contextlib import contextmanager
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import Flask, current_app, g, has_app_context, has_request_context, request
from sqlalchemy import event

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


def init_app(app: Flask) -> None:
    """SQLite's connection settings and write-lock policy, on this app's own engines
    (made by `db.init_app`, which runs first); PostgreSQL needs neither."""
    from .extensions import db

    with app.app_context():
        engines = list(db.engines.values())
    for engine in engines:
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_on_connect)
            event.listen(engine, "begin", _sqlite_begin)


def _sqlite_on_connect(dbapi_connection, connection_record):
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


def _sqlite_begin(conn):
    conn.exec_driver_sql("BEGIN IMMEDIATE" if _takes_write_lock() else "BEGIN")


def writes_late(view):
    """Mark a view that writes only inside `write_transaction()`, after its reads
    (saving an answer), or never (logging in). Without the mark, a POST request
    takes SQLite's write lock with its first statement and holds it to the end;
    with it, only for the writes, so busy classes queue less and a login's ~100 ms
    of password hashing keeps no answer waiting. Such a view must not write
    anywhere else."""
    view.writes_late = True
    return view


@contextmanager
def sqlite_write_lock():
    """Transactions begun in here take SQLite's write lock as they begin."""
    before = g.get("sqlite_write_lock", False)
    g.sqlite_write_lock = True
    try:
        yield
    finally:
        g.sqlite_write_lock = before


def _takes_write_lock() -> bool:
    """Inside `sqlite_write_lock()`, or in a request with a writing method whose view
    is not marked `writes_late`."""
    if has_app_context() and g.get("sqlite_write_lock"):
        return True
    if not has_request_context() or request.method not in WRITE_METHODS:
        return False
    view = current_app.view_functions.get(request.endpoint)
    return not getattr(view, "writes_late", False)


@contextmanager
def write_transaction():
    """The writes of a request, in a transaction of their own, committed at the end.

    What the request read so far stays loaded when the writes commit (nothing is
    expired, before or after). A rollback does expire it, as SQLAlchemy always does:
    after an answer's retry the attempt is read again when next used.
    On SQLite the reads' transaction ends first and this one begins by taking the
    write lock; PostgreSQL needs no such split. A `writes_late` view must write
    only in here."""
    from .extensions import db

    session = db.session()
    expire, session.expire_on_commit = session.expire_on_commit, False
    try:
        if session.get_bind().dialect.name == "sqlite":
            session.commit()  # ends the read snapshot: the writes begin a new transaction
        with sqlite_write_lock():
            yield session
            session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.expire_on_commit = expire


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


def execute_core(statement, params: dict):
    """A Core statement on the session's connection and in its transaction, without
    the ORM's execute machinery (it loads no objects): the statements every student
    sends once per question, where that machinery shows in the load test."""
    from .extensions import db

    return db.session.connection().execute(statement, params)
