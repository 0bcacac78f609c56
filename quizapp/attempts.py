"""Starting, resuming and finishing attempts, and the items an attempt asks.

The database enforces the rules that concurrent requests could otherwise break:
one open attempt per learner and quiz, and one score. Answers are answers.py's.
"""

from __future__ import annotations

import sqlalchemy as sa
from blinker import signal
from flask_babel import gettext as _
from werkzeug.exceptions import Conflict

from . import clock
from .content import MYTH_PROBE_QUIZ, AttemptMode
from .database import dialect_insert, execute_core, write_transaction
from .extensions import db
from .models import Answer, Attempt, AttemptItem, Question, Quiz
from .reports import tallies

# Sent with the attempt's id inside the transaction that scores it (quizapp/lti owes
# the LMS a grade then).
attempt_finished = signal("attempt-finished")


def quiz_question_ids(quiz_id: str) -> list[str]:
    return list(
        db.session.execute(
            db.select(Question.id)
            .filter_by(quiz_id=quiz_id, active=True)
            .order_by(Question.position)
        ).scalars()
    )


def open_attempt(user_id: int, quiz_id: str, mode: str = AttemptMode.FULL) -> Attempt | None:
    return db.session.execute(
        db.select(Attempt).filter_by(user_id=user_id, quiz_id=quiz_id, mode=mode, finished_at=None)
    ).scalar_one_or_none()


def start_attempt(
    user_id: int,
    quiz: Quiz,
    mode: str = AttemptMode.FULL,
    question_ids: list[str] | None = None,
    assignment_id: int | None = None,
) -> Attempt:
    """Resume the learner's open attempt at this quiz, or start one.

    `question_ids` fixes the items of drawn quizzes (myth probe, retry); otherwise
    the quiz's own questions are used.
    """
    existing = open_attempt(user_id, quiz.id, mode)
    if existing:
        return existing
    items = question_ids if question_ids is not None else quiz_question_ids(quiz.id)
    if not items:
        raise Conflict(_("This quiz has no questions yet."))
    statement = (
        dialect_insert(Attempt)
        .values(
            user_id=user_id,
            quiz_id=quiz.id,
            mode=mode,
            n_items=len(items),
            assignment_id=assignment_id,
            started_at=clock.now(),
        )
        .on_conflict_do_nothing(
            index_elements=["user_id", "quiz_id", "mode"],
            index_where=sa.text("finished_at IS NULL"),
        )
        .returning(Attempt.id)
    )
    attempt_id = db.session.execute(statement).scalar()
    if attempt_id is None:
        db.session.commit()
        return open_attempt(user_id, quiz.id, mode)
    db.session.execute(
        sa.insert(AttemptItem),
        [
            {"attempt_id": attempt_id, "position": i, "question_id": q}
            for i, q in enumerate(items, 1)
        ],
    )
    tallies.count_started(attempt_id)
    db.session.commit()
    return db.session.get(Attempt, attempt_id)


# Built once: the question card asks one of them on every view.
_QUESTION_AT = db.select(AttemptItem.question_id).where(
    AttemptItem.attempt_id == sa.bindparam("attempt_id"),
    AttemptItem.position == sa.bindparam("position"),
)
_POSITION_OF = db.select(AttemptItem.position).where(
    AttemptItem.attempt_id == sa.bindparam("attempt_id"),
    AttemptItem.question_id == sa.bindparam("question_id"),
)


def attempt_items(attempt: Attempt) -> list[AttemptItem]:
    return list(
        db.session.execute(
            db.select(AttemptItem).filter_by(attempt_id=attempt.id).order_by(AttemptItem.position)
        ).scalars()
    )


def question_at(attempt: Attempt, position: int) -> str | None:
    """The id of the question at this position of the attempt, or None."""
    params = {"attempt_id": attempt.id, "position": position}
    return execute_core(_QUESTION_AT, params).scalar()


def position_of(attempt: Attempt, question_id: str) -> int | None:
    """Where this question sits in the attempt, or None if it is not part of it."""
    params = {"attempt_id": attempt.id, "question_id": question_id}
    return execute_core(_POSITION_OF, params).scalar()


def next_position(attempt: Attempt) -> int | None:
    """Position of the first unanswered item, or None when all are answered."""
    answered = db.select(Answer.question_id).filter_by(attempt_id=attempt.id)
    return db.session.execute(
        db.select(sa.func.min(AttemptItem.position)).where(
            AttemptItem.attempt_id == attempt.id, AttemptItem.question_id.not_in(answered)
        )
    ).scalar()


def finish_attempt(attempt: Attempt) -> Attempt:
    """Score and close the attempt once; a second finish changes nothing."""
    if next_position(attempt) is not None:
        raise Conflict(_("Answer every question before finishing."))
    totals = (
        db.select(
            sa.func.count().filter(Answer.is_correct).label("correct"),
            sa.func.coalesce(sa.func.sum(Answer.cbm), 0).label("cbm"),
        ).where(Answer.attempt_id == attempt.id)
    ).subquery()
    closed = db.session.execute(
        db.update(Attempt)
        .where(Attempt.id == attempt.id, Attempt.finished_at.is_(None))
        .values(
            finished_at=clock.now(),
            n_correct=db.select(totals.c.correct).scalar_subquery(),
            cbm_total=db.select(totals.c.cbm).scalar_subquery(),
        )
    )
    if closed.rowcount:
        tallies.count_finished(attempt.id)
        attempt_finished.send(attempt.id)
    db.session.commit()
    db.session.refresh(attempt)
    return attempt


def finish_if_complete(attempt: Attempt, position: int) -> None:
    """Score the attempt once the answer at `position` was its last open question,
    so the last answer leads straight to the results. Questions are answered in
    order, so only the last position needs the check."""
    if position != attempt.n_items or attempt.is_finished:
        return
    with write_transaction():
        if next_position(attempt) is None:
            finish_attempt(attempt)


def myth_probe_quiz() -> Quiz:
    return db.session.get(Quiz, MYTH_PROBE_QUIZ)
