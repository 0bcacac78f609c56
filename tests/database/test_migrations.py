"""Migrations apply cleanly from empty and match the models, on SQLite and PostgreSQL."""

import os

import pytest
import sqlalchemy as sa
from flask_migrate import check, downgrade, upgrade

from quizapp import create_app
from quizapp.extensions import db


def _scratch_postgres_url() -> str:
    base = sa.engine.make_url(os.environ["TEST_DATABASE_URL"])
    name = f"{base.database}_migrations"
    engine = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.fixture
def empty_database_url(tmp_path):
    if os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"):
        return _scratch_postgres_url()
    return f"sqlite:///{tmp_path / 'migrations.db'}"


def test_migrations_apply_from_empty_and_match_the_models(empty_database_url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade()
        check()
        downgrade(revision="base")
        upgrade()
        assert "answer" in sa.inspect(db.engine).get_table_names()
        db.engine.dispose()
