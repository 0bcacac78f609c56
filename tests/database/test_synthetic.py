"""The synthetic data generator: valid rows, a believable course, a tally that adds up."""

import os
import subprocess
import sys

import sqlalchemy as sa

from quizapp import scoring
from quizapp.content import POST_QUIZ, PRE_QUIZ
from quizapp.extensions import db
from quizapp.models import (
    Answer,
    Attempt,
    Classroom,
    ItemTally,
    Membership,
    MythBelief,
    Relapse,
    User,
)
from quizapp.reports import tallies
from quizapp.reports.myth_outcomes import myth_outcomes
from quizapp.reports.scope import Scope
from quizapp.synthetic import seed_synthetic
from quizapp.users.accounts import authenticate
from tests.conftest import ROOT


def count(model, *conditions) -> int:
    return db.session.execute(
        sa.select(sa.func.count()).select_from(model).where(*conditions)
    ).scalar()


def test_seeds_students_classes_and_their_history(app):
    counts = seed_synthetic(students=120, classes=6, seed=3)

    assert count(User, User.role == "student") == 120
    assert count(User, User.role == "teacher") == counts["user"] - 120 > 0
    assert count(Classroom) == 6
    assert count(Membership) == 120
    assert count(Answer) == counts["answer"] > 120 * 14
    assert count(MythBelief) > 0
    learner = db.session.execute(sa.select(User).where(User.role == "student")).scalars().first()
    assert authenticate(learner.username, "mythcheck-demo") is None


def test_answers_match_their_attempts(app):
    seed_synthetic(students=80, classes=4, seed=5)

    mismatched = db.session.execute(
        sa.select(sa.func.count())
        .select_from(Attempt)
        .where(Attempt.finished_at.is_not(None))
        .where(
            Attempt.n_correct
            != sa.select(sa.func.count())
            .where(Answer.attempt_id == Attempt.id, Answer.is_correct)
            .scalar_subquery()
        )
    ).scalar()
    assert mismatched == 0
    owner = sa.select(Attempt.user_id).where(Attempt.id == Answer.attempt_id).scalar_subquery()
    assert count(Answer, Answer.user_id != owner) == 0


def test_learners_mostly_lose_their_myths(app):
    seed_synthetic(students=300, classes=6, seed=11)

    outcomes = [o for o in myth_outcomes(Scope()) if o.pre_answered and o.post_answered]
    assert outcomes
    improved = [o for o in outcomes if o.post_percent < o.pre_percent]
    assert len(improved) >= 0.8 * len(outcomes)
    assert count(Attempt, Attempt.quiz_id == PRE_QUIZ) > count(
        Attempt, Attempt.quiz_id == POST_QUIZ
    )


def test_tally_is_rebuilt_after_the_load(app):
    seed_synthetic(students=60, classes=3, seed=2)
    loaded = db.session.execute(
        sa.select(ItemTally.choice_id, ItemTally.day, ItemTally.answers)
    ).all()

    tallies.rebuild()

    assert sorted(loaded) == sorted(
        db.session.execute(sa.select(ItemTally.choice_id, ItemTally.day, ItemTally.answers)).all()
    )
    assert sum(row.answers for row in loaded) > 0


def test_a_second_run_adds_new_people(app):
    seed_synthetic(students=10, classes=2, seed=1)
    seed_synthetic(students=10, classes=2, seed=1)

    assert count(User, User.role == "student") == 20
    assert count(Classroom) == 4


def test_cli_refuses_production(app):
    app.config["IS_PRODUCTION"] = True
    result = app.test_cli_runner().invoke(args=["seed-synthetic", "--students", "5"])

    assert result.exit_code != 0
    assert "never" in result.output
    assert count(User) == 0


def test_cli_reports_what_it_added(app):
    result = app.test_cli_runner().invoke(
        args=["seed-synthetic", "--students", "12", "--classes", "2", "--seed", "4"]
    )

    assert result.exit_code == 0, result.output
    assert "Added 13 users, 2 classes" in result.output


def test_beliefs_follow_the_apps_own_rules(app):
    """Held myths are due again after RELEARN_DELAY, corrected ones on the review
    schedule, and each relapse is a Relapse row, as answering in the app would leave them."""
    seed_synthetic(students=150, classes=3, seed=8)

    held = MythBelief.state.in_(scoring.HELD_STATES)
    beliefs = sa.select(MythBelief.updated_at, MythBelief.review_due).where(held)
    rows = db.session.execute(beliefs).all()
    assert rows
    assert all(due == at + scoring.RELEARN_DELAY for at, due in rows)
    corrected = MythBelief.state == scoring.CORRECTED
    assert count(MythBelief, corrected) > 0
    assert count(MythBelief, corrected, MythBelief.review_due.is_(None)) == 0
    assert count(MythBelief, corrected, MythBelief.review_step < 1) == 0
    relapses = db.session.execute(sa.select(sa.func.sum(MythBelief.relapses))).scalar()
    assert relapses > 0
    assert count(Relapse) == relapses


SEEDED_DIGEST = """
import hashlib, sys
from quizapp import create_app
from quizapp.content import sync_course
from quizapp.extensions import db
from quizapp.models import Answer
from quizapp.synthetic import seed_synthetic
from tests.conftest import real_course

app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite:///" + sys.argv[1]})
with app.app_context():
    db.create_all()
    sync_course(real_course())
    seed_synthetic(students=12, classes=2, seed=8)
    rows = db.session.execute(
        db.select(Answer.question_id, Answer.choice_id, Answer.certainty).order_by(Answer.id)
    ).all()
    print(hashlib.sha256(repr(rows).encode()).hexdigest())
"""


def test_a_seed_makes_the_same_data_in_every_process(tmp_path):
    """Python orders a set of strings differently in each process (PYTHONHASHSEED):
    a seed must give the same rows whatever that order."""
    digests = set()
    for hash_seed in ("1", "2"):
        run = subprocess.run(
            [sys.executable, "-c", SEEDED_DIGEST, str(tmp_path / f"seeded-{hash_seed}.db")],
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert run.returncode == 0, run.stderr
        digests.add(run.stdout.strip())
    assert len(digests) == 1
