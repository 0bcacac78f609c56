"""The load test's own database: create it empty, seed students, check every answer.

Students are seeded straight into the database (one password hash shared by
all, computed once) so the run measures the quiz, not account creation; the
login rate limit is off in the bench server only (see servers.py).
"""

from __future__ import annotations

import os
import random
import subprocess
from collections import defaultdict
from pathlib import Path

import psycopg
import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from bench.tools import tool
from quizapp import clock, create_app
from quizapp.content import PRE_QUIZ, AttemptMode
from quizapp.extensions import db
from quizapp.models import Answer, Attempt, AttemptItem, Choice, Lesson, User, new_token

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "load-test-password"
DATABASES = {
    "sqlite": "sqlite:////tmp/load.db",
    "postgres": "postgresql+psycopg://postgres@127.0.0.1:5432/bench_load",
}


def add_database_options(parser) -> None:
    """--db and --database-url: the database a bench run recreates."""
    parser.add_argument("--db", choices=DATABASES, default="sqlite")
    parser.add_argument("--database-url", help="overrides --db; the database is recreated")


def chosen_url(args) -> str:
    return args.database_url or DATABASES[args.db]


def recreate(url: str) -> None:
    """Drop and create the database, apply the migrations, load the course."""
    if url.startswith("sqlite"):
        path = Path(url.split("sqlite:///", 1)[1])
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        _recreate_postgres(sa.make_url(url))
    env = {**os.environ, "DATABASE_URL": url, "FLASK_APP": "quizapp"}
    for command in (["db", "upgrade"], ["load-content"]):
        subprocess.run(
            [tool("flask"), *command], env=env, cwd=ROOT, check=True, capture_output=True
        )


def _recreate_postgres(url: sa.URL) -> None:
    admin = url.set(drivername="postgresql", database="postgres")
    dsn = admin.render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{url.database}"')


def bench_app(url: str):
    return create_app({"SQLALCHEMY_DATABASE_URI": url})


def seed_students(
    app, prefix: str, count: int, role: str = "student", hash_method: str = "scrypt"
) -> list[str]:
    """`count` student accounts whose pre myth check is finished, as if taken in an
    earlier class period, so they can open a lesson at once (the server refuses a
    lesson quiz before it). A bench that does not measure logins may ask for a
    cheaper `hash_method` (e.g. "pbkdf2:sha256:1")."""
    names = [f"{prefix}{i:05d}" for i in range(count)]
    password_hash = generate_password_hash(PASSWORD, method=hash_method)
    with app.app_context():
        rows = [
            {"username": n, "password_hash": password_hash, "role": role}
            | {"session_token": new_token(), "is_disabled": False, "created_at": clock.now()}
            for n in names
        ]
        db.session.execute(sa.insert(User), rows)
        _finish_myth_check(names)
        db.session.commit()
    return names


def _finish_myth_check(names: list[str]) -> None:
    now = clock.now()
    ids = db.session.execute(db.select(User.id).where(User.username.in_(names))).scalars()
    db.session.execute(
        sa.insert(Attempt),
        [
            {"user_id": i, "quiz_id": PRE_QUIZ, "mode": AttemptMode.FULL, "started_at": now}
            | {"finished_at": now, "n_items": 0, "n_correct": 0, "cbm_total": 0}
            for i in ids
        ],
    )


def lesson_ids(app) -> list[str]:
    with app.app_context():
        query = db.select(Lesson.id).where(Lesson.active).order_by(Lesson.position)
        return list(db.session.execute(query).scalars())


def answer_plan(app, usernames: list[str]) -> dict[str, list[dict]]:
    """Per student, every open attempt item with a choice picked at random:
    the form data a student would send, without fetching each card first."""
    with app.app_context():
        rows = db.session.execute(
            db.select(User.username, AttemptItem.attempt_id, AttemptItem.question_id, Choice.id)
            .join(Attempt, Attempt.user_id == User.id)
            .join(AttemptItem, AttemptItem.attempt_id == Attempt.id)
            .join(Choice, sa.and_(Choice.question_id == AttemptItem.question_id, Choice.active))
            .where(User.username.in_(usernames), Attempt.finished_at.is_(None))
            .order_by(User.username, AttemptItem.attempt_id, AttemptItem.position, Choice.id)
        ).all()
    choices = defaultdict(list)
    for username, attempt_id, question_id, choice_id in rows:
        choices[(username, attempt_id, question_id)].append(choice_id)
    plan = defaultdict(list)
    for (username, attempt_id, question_id), options in choices.items():
        plan[username].append(
            {"attempt_id": attempt_id, "question_id": question_id}
            | {"choice": str(random.choice(options)), "certainty": str(random.randint(1, 3))}
        )
    return plan


def stored_answers(app, usernames: list[str]) -> dict[str, list[tuple[int, str]]]:
    """Every answer row of these students, as (attempt id, question id), repeats kept."""
    with app.app_context():
        rows = db.session.execute(
            db.select(User.username, Answer.attempt_id, Answer.question_id)
            .join(Answer, Answer.user_id == User.id)
            .where(User.username.in_(usernames))
        ).all()
    stored = defaultdict(list)
    for username, attempt_id, question_id in rows:
        stored[username].append((attempt_id, question_id))
    return stored


def consistency(app, acked: dict[str, set[tuple[int, str]]]) -> dict[str, int]:
    """Acknowledged answers against stored rows, per student, exactly."""
    stored = stored_answers(app, list(acked))
    lost = extra = duplicated = mismatched = 0
    for username, answers in acked.items():
        rows = stored.get(username, [])
        lost += len(answers - set(rows))
        extra += len(set(rows) - answers)
        duplicated += len(rows) - len(set(rows))
        mismatched += set(rows) != answers or len(rows) != len(answers)
    return {
        "students": len(acked),
        "acknowledged": sum(len(a) for a in acked.values()),
        "stored": sum(len(r) for r in stored.values()),
        "lost": lost,
        "unacknowledged_extra": extra,
        "duplicated": duplicated,
        "students_mismatched": mismatched,
    }
