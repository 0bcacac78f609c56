"""`flask backup`: a consistent copy of the database, taken while the app runs.

SQLite: the online backup API copies a snapshot page by page, so writers never
see "database is locked" and the copy is never half-written. PostgreSQL:
`pg_dump` does the same job; we print (or, with --run, run) the command.
"""

import os
import sqlite3
import subprocess
from pathlib import Path

import click
from flask import current_app
from sqlalchemy.engine import URL, make_url

from . import clock
from .config import INSTANCE


def _stamp() -> str:
    """The machine's time, never a test's travelled one: each copy needs a name of its own."""
    return clock.real_now().strftime("%Y%m%dT%H%M%S%fZ")


def backup_sqlite(database: Path, folder: Path) -> Path:
    """Copy the SQLite database to a new timestamped file in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"mythcheck-{_stamp()}.db"
    source = sqlite3.connect(database)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        problem = copy.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        copy.close()
        source.close()
    if problem != "ok":
        target.unlink()
        raise click.ClickException(f"The copy failed its integrity check ({problem}).")
    return target


def pg_dump_command(url: URL, folder: Path) -> list[str]:
    """The pg_dump call for this database (the password travels in PGPASSWORD)."""
    target = folder / f"mythcheck-{_stamp()}.dump"
    plain = url.set(drivername="postgresql")._replace(password=None)
    return [
        "pg_dump",
        "--format=custom",
        f"--file={target}",
        plain.render_as_string(hide_password=False),
    ]


def _sqlite_backup(url: URL, folder: Path) -> None:
    if not url.database or url.database == ":memory:":
        raise click.ClickException("An in-memory database has nothing to back up.")
    target = backup_sqlite(Path(url.database), folder)
    click.echo(f"Backup written: {target} ({target.stat().st_size} bytes).")
    click.echo(f"To restore: stop the app, then copy it over {url.database}.")


def _postgresql_backup(url: URL, folder: Path, run: bool) -> None:
    command = pg_dump_command(url, folder)
    if not run:
        click.echo("PostgreSQL: make a backup with")
        click.echo("  " + " ".join(command))
        click.echo("(set PGPASSWORD if the server asks for one), or run `flask backup --run`.")
        click.echo("To restore: pg_restore --clean --if-exists --no-owner -d DATABASE_URL FILE")
        return
    folder.mkdir(parents=True, exist_ok=True)
    environment = {**os.environ, **({"PGPASSWORD": url.password} if url.password else {})}
    finished = subprocess.run(command, env=environment, capture_output=True, text=True)
    if finished.returncode != 0:
        raise click.ClickException(f"pg_dump failed: {finished.stderr.strip()}")
    click.echo(f"Backup written: {command[2].removeprefix('--file=')}")


@click.command("backup")
@click.option(
    "--to",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=INSTANCE / "backups",
    show_default=True,
    help="Folder for the backup file.",
)
@click.option("--run", is_flag=True, help="PostgreSQL: run pg_dump instead of printing it.")
def backup_command(folder: Path, run: bool) -> None:
    """Write a consistent, timestamped copy of the database."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    backend = url.get_backend_name()
    if backend == "sqlite":
        _sqlite_backup(url, folder)
    elif backend == "postgresql":
        _postgresql_backup(url, folder, run)
    else:
        raise click.ClickException(f"No backup recipe for {backend} databases.")
