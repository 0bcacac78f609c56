"""Readiness: can the database take a write now, not only answer a read?

`/healthz` says the database answers; a SQLite file whose write lock another
process holds still answers reads, while every answer would wait out the busy
timeout and fail. `/readyz` asks for the write lock itself, briefly.
"""

from flask import current_app

from .database import BUSY_TIMEOUT_MS, sqlite_write_lock
from .extensions import db

READY_TIMEOUT_MS = 1000


def database_takes_writes() -> bool:
    try:
        with db.engine.connect() as connection:
            if connection.dialect.name == "sqlite":
                return _sqlite_write_lock_free(connection)
            return connection.exec_driver_sql("SHOW transaction_read_only").scalar() == "off"
    except Exception:
        current_app.logger.exception("Readiness check failed")
        return False


def _sqlite_write_lock_free(connection) -> bool:
    """Take the write lock (BEGIN IMMEDIATE) within READY_TIMEOUT_MS, then let it go."""
    raw = connection.connection.dbapi_connection  # a PRAGMA here begins no transaction
    raw.execute(f"PRAGMA busy_timeout={READY_TIMEOUT_MS}")
    try:
        with sqlite_write_lock(), connection.begin():
            pass
        return True
    finally:
        raw.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
