"""Fast bulk inserts of plain rows: executemany on SQLite, COPY on PostgreSQL.

Used by the synthetic data generator. Rows wait in per-table buffers and go in
parent tables first, so foreign keys hold at every flush. Everything happens in
the session's transaction: the load is all or nothing.
"""

from __future__ import annotations

from datetime import date, datetime

from .extensions import db

COLUMNS = {
    "user": (
        "id",
        "username",
        "password_hash",
        "role",
        "is_disabled",
        "session_token",
        "created_at",
    ),
    "classroom": ("id", "teacher_id", "name", "join_code", "archived_at", "created_at"),
    "membership": ("classroom_id", "user_id", "joined_at"),
    "attempt": (
        "id",
        "user_id",
        "quiz_id",
        "mode",
        "assignment_id",
        "started_at",
        "finished_at",
        "n_items",
        "n_correct",
        "cbm_total",
    ),
    "attempt_item": ("attempt_id", "position", "question_id"),
    "answer": (
        "id",
        "attempt_id",
        "user_id",
        "question_id",
        "choice_id",
        "is_correct",
        "certainty",
        "cbm",
        "answered_at",
    ),
    "myth_belief": (
        "user_id",
        "myth_id",
        "state",
        "ever_held",
        "certainty",
        "updated_at",
        "last_question_id",
        "review_step",
        "review_due",
        "relapses",
    ),
    "relapse": ("user_id", "myth_id", "at"),
}
SERIAL_TABLES = ("user", "classroom", "attempt", "answer")
FLUSH_AT = 50_000


def _sqlite_value(value):
    """The text SQLAlchemy itself stores for dates and times on SQLite."""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    return value


class BulkWriter:
    """Buffers rows per table; `maybe_flush` writes them once a buffer is full."""

    def __init__(self, connection):
        self.connection = connection
        self.dialect = connection.dialect.name
        self.buffers: dict[str, list[tuple]] = {table: [] for table in COLUMNS}
        self.counts: dict[str, int] = dict.fromkeys(COLUMNS, 0)

    @classmethod
    def on_session(cls) -> BulkWriter:
        """A writer on the session's own connection: it commits (or rolls back) with the session."""
        return cls(db.session.connection())

    def finish(self) -> None:
        self.flush_all()
        self.fix_sequences()

    def next_id(self, table: str) -> int:
        cursor = self.connection.exec_driver_sql(f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{table}"')
        return cursor.scalar()

    def add(self, table: str, row: tuple) -> None:
        self.buffers[table].append(row)

    def maybe_flush(self) -> None:
        if any(len(rows) >= FLUSH_AT for rows in self.buffers.values()):
            self.flush_all()

    def flush_all(self) -> None:
        for table in COLUMNS:
            self.flush(table)

    def flush(self, table: str) -> None:
        rows = self.buffers[table]
        if not rows:
            return
        columns = COLUMNS[table]
        cursor = self.connection.connection.driver_connection.cursor()
        if self.dialect == "postgresql":
            with cursor.copy(f'COPY "{table}" ({", ".join(columns)}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" * len(columns))
            cursor.executemany(
                f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({marks})',
                ([_sqlite_value(v) for v in row] for row in rows),
            )
        cursor.close()
        self.counts[table] += len(rows)
        rows.clear()

    def fix_sequences(self) -> None:
        """PostgreSQL: move each id sequence past the ids written here."""
        if self.dialect != "postgresql":
            return
        for table in SERIAL_TABLES:
            self.connection.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                f'(SELECT COALESCE(MAX(id), 1) FROM "{table}"))'
            )
