"""bench.request_cost times real requests: every timed answer is stored."""

import sqlalchemy as sa

from bench import database
from bench.request_cost import measure
from quizapp.content import AttemptMode
from quizapp.extensions import db
from quizapp.models import Answer, Attempt

STUDENTS = ["cost00000", "cost00001", "cost00002"]


def test_request_cost_times_requests_that_succeed_and_stores_every_answer(tmp_path):
    url = f"sqlite:///{tmp_path / 'cost.db'}"

    costs = measure(url, students=3, answers=30, requests=20)

    assert list(costs) == [
        "hello world (bare Flask)",
        "signed in, SELECT 1 (/healthz)",
        "question card (htmx)",
        "answer (htmx)",
        "live poll, nothing new (204)",
        "live student page (question open)",
        "live answer",
    ]
    assert all(cost > 0 for cost in costs.values())
    app = database.bench_app(url)
    stored = database.stored_answers(app, STUDENTS)
    assert sum(len(rows) for rows in stored.values()) == 30 + 30
    assert live_answers_per_question(app) == [3] * 10


def live_answers_per_question(app) -> list[int]:
    """How many answers each question of the live session got (the class answers
    each in turn, 3 students, 30 answers: the first ten questions)."""
    with app.app_context():
        counts = db.session.execute(
            db.select(sa.func.count())
            .select_from(Answer)
            .join(Attempt, Attempt.id == Answer.attempt_id)
            .where(Attempt.mode == AttemptMode.LIVE)
            .group_by(Answer.question_id)
        ).scalars()
        return list(counts)
