"""The test database: one per session (per pytest-xdist worker on PostgreSQL), the
course synced once and synced again only after a test wrote to it, and the demo
class seeded once.

The demo class is three weeks of history made through the app's own code paths: it
takes seconds of CPU, and several tests need the database as the command leaves it.
The session seeds it once (the `seeded_demo` fixture) and each test that asks for
`demo` gets every row of every table back, as they were when the command finished.
"""

import re
from dataclasses import dataclass

import sqlalchemy as sa

from quizapp.extensions import db

WRITTEN_TABLE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)', re.IGNORECASE)


def database_of_worker(given: sa.URL, worker: str) -> str:
    """A PostgreSQL database for one pytest-xdist worker beside the given one, made
    when missing."""
    url = given.set(database=f"{given.database}_{worker}")
    engine = sa.create_engine(given, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        exists = sa.text("SELECT 1 FROM pg_database WHERE datname = :name")
        if connection.execute(exists, {"name": url.database}).scalar() is None:
            connection.execute(sa.text(f'CREATE DATABASE "{url.database}"'))
    engine.dispose()
    return url.render_as_string(hide_password=False)


class CourseTables:
    """The tables the course sync fills, and whether any SQL wrote to them since
    the course was last synced (seen on every engine, whichever app made it)."""

    def __init__(self, names: set[str]):
        self.names = frozenset(names)
        self.written = False

    def note(self, conn, cursor, statement, parameters, context, executemany):
        written = WRITTEN_TABLE.match(statement)
        if written and written.group(1).lower() in self.names:
            self.written = True


def tables_with_rows() -> set[str]:
    with db.engine.connect() as connection:
        return {
            table.name
            for table in db.metadata.sorted_tables
            if connection.execute(sa.select(sa.exists().select_from(table))).scalar()
        }


@dataclass(frozen=True)
class DemoSnapshot:
    output: str
    rows: dict[str, list[dict]]


def seed_and_keep(app) -> DemoSnapshot:
    """Run `flask seed-demo` on the (emptied) test database and read back every row."""
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    with db.engine.connect() as connection:
        rows = {
            table.name: [row._asdict() for row in connection.execute(sa.select(table))]
            for table in db.metadata.sorted_tables
        }
    return DemoSnapshot(result.output, rows)


def load(snapshot: DemoSnapshot) -> None:
    """Make the database hold exactly the snapshot's rows (the course included)."""
    tables = db.metadata.sorted_tables
    with db.engine.begin() as connection:
        for table in reversed(tables):
            connection.execute(table.delete())
        for table in tables:
            if snapshot.rows[table.name]:
                connection.execute(table.insert(), snapshot.rows[table.name])
        if connection.dialect.name == "postgresql":
            _move_sequences_past_the_rows(connection, tables)


def _move_sequences_past_the_rows(connection, tables) -> None:
    """Rows inserted with their ids leave PostgreSQL's sequences behind: the next
    row the app adds must get a new id."""
    for table in tables:
        column = table.autoincrement_column
        if column is None:
            continue
        quoted = connection.dialect.identifier_preparer.quote(table.name)
        connection.execute(
            sa.text(
                f"SELECT setval(pg_get_serial_sequence(:table, :column), "
                f"COALESCE(MAX({column.name}), 0) + 1, false) FROM {quoted}"
            ),
            {"table": quoted, "column": column.name},
        )
