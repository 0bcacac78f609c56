"""`flask backup`: a consistent copy that restores with the data in it."""

import os
import shutil
import sqlite3
import subprocess
import uuid

import pytest
from sqlalchemy.engine import make_url

from quizapp import create_app
from quizapp.extensions import db
from quizapp.models import User
from tests.conftest import make_user


def _sqlite_app(path):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    with app.app_context():
        db.create_all()
    return app


def _usernames(app) -> set[str]:
    with app.app_context():
        names = set(db.session.execute(db.select(User.username)).scalars())
        db.session.remove()
        db.engine.dispose()
        return names


def test_sqlite_backup_restores_with_the_data_in_it(tmp_path):
    live = _sqlite_app(tmp_path / "live.db")
    with live.app_context():
        make_user("student", username="kept-in-backup")

    with live.app_context():
        result = live.test_cli_runner().invoke(args=["backup", "--to", str(tmp_path / "backups")])

    assert result.exit_code == 0, result.output
    (copy,) = (tmp_path / "backups").glob("mythcheck-*.db")
    assert f"Backup written: {copy}" in result.output
    with live.app_context():
        make_user("student", username="written-after-backup")

    restored_path = tmp_path / "restored.db"
    shutil.copy(copy, restored_path)
    restored = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{restored_path}"}
    )
    assert _usernames(restored) == {"kept-in-backup"}
    assert sqlite3.connect(copy).execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_backup_while_another_connection_writes(tmp_path):
    """The online backup API copies a consistent snapshot even with a writer busy."""
    live = _sqlite_app(tmp_path / "live.db")
    writer = sqlite3.connect(tmp_path / "live.db", timeout=15)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute(
        "INSERT INTO user (username, password_hash, role, is_disabled, session_token, created_at)"
        " VALUES ('uncommitted', 'x', 'student', 0, 'tok', '2026-01-01')"
    )
    with live.app_context():
        result = live.test_cli_runner().invoke(args=["backup", "--to", str(tmp_path / "b")])
    writer.rollback()
    writer.close()
    assert result.exit_code == 0, result.output
    (copy,) = (tmp_path / "b").glob("*.db")
    rows = sqlite3.connect(copy).execute("SELECT username FROM user").fetchall()
    assert rows == [], "an uncommitted write never lands in the backup"


def test_postgresql_prints_pg_dump_instructions_without_the_password(app, tmp_path):
    app.config["SQLALCHEMY_DATABASE_URI"] = "postgresql+psycopg://mc:s3cret@db.internal:5432/mc"
    result = app.test_cli_runner().invoke(args=["backup", "--to", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "pg_dump --format=custom" in result.output
    assert "postgresql://mc@db.internal:5432/mc" in result.output
    assert "s3cret" not in result.output and "pg_restore" in result.output


@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed")
def test_postgresql_backup_runs_and_restores(app, database_url, tmp_path):
    if not database_url.startswith("postgresql"):
        pytest.skip("runs with TEST_DATABASE_URL on PostgreSQL")
    make_user("student", username="kept-in-pg-backup")
    result = app.test_cli_runner().invoke(args=["backup", "--run", "--to", str(tmp_path)])
    assert result.exit_code == 0, result.output
    (dump,) = tmp_path.glob("mythcheck-*.dump")

    url = make_url(database_url)
    scratch = f"restore_{uuid.uuid4().hex[:8]}"
    server = url.set(drivername="postgresql", database="postgres").render_as_string(False)
    target = url.set(database=scratch)
    env = {**os.environ, "PGPASSWORD": url.password or ""}
    subprocess.run(["psql", server, "-qc", f"CREATE DATABASE {scratch}"], check=True, env=env)
    try:
        plain = target.set(drivername="postgresql").render_as_string(False)
        subprocess.run(["pg_restore", "--no-owner", "-d", plain, str(dump)], check=True, env=env)
        restored = create_app(
            {"TESTING": True, "SQLALCHEMY_DATABASE_URI": target.render_as_string(False)}
        )
        assert "kept-in-pg-backup" in _usernames(restored)
    finally:
        subprocess.run(["psql", server, "-qc", f"DROP DATABASE {scratch}"], check=True, env=env)
