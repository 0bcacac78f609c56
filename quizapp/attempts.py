"""Starting, answering and finishing attempts: every write of the student loop.

Each answer is its own transaction, saved the moment it is given. The database
enforces the rules that concurrent requests could otherwise break: one open
attempt per learner and quiz, one answer per question and attempt, one score.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload
from werkzeug.exceptions import BadRequest, Conflict

from . import clock, scoring, tallies
from .content import REVIEW_QUIZ
from .database import dialect_insert, write_transaction
from .extensions import db
from .models import (
    Answer,
    Attempt,
    AttemptItem,
    Choice,
    MythBelief,
    Question,
    QuestionMyth,
    Quiz,
    Relapse,
)


def quiz_question_ids(quiz_id: str) -> list[str]:
    return list(
        db.session.execute(
            db.select(Question.id)
            .filter_by(quiz_id=quiz_id, active=True)
            .order_by(Question.position)
        ).scalars()
    )


def open_attempt(user_id: int, quiz_id: str, mode: str = "full") -> Attempt | None:
    return db.session.execute(
        db.select(Attempt).filter_by(user_id=user_id, quiz_id=quiz_id, mode=mode, finished_at=None)
    ).scalar_one_or_none()


def start_attempt(
    user_id: int,
    quiz: Quiz,
    mode: str = "full",
    question_ids: list[str] | None = None,
    assignment_id: int | None = None,
) -> Attempt:
    """Resume the learner's open attempt at this quiz, or start one.

    `question_ids` fixes the items of drawn quizzes (review, retry); otherwise
    the quiz's own questions are used.
    """
    existing = open_attempt(user_id, quiz.id, mode)
    if existing:
        return existing
    items = question_ids if question_ids is not None else quiz_question_ids(quiz.id)
    if not items:
        raise Conflict("This quiz has no questions yet.")
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


# An item with its question, the question's choices and the myths they reflect:
# everything a question card shows, in two queries.
WITH_QUESTION = (
    joinedload(AttemptItem.question).selectinload(Question.choices).joinedload(Choice.myth)
)


def attempt_item(attempt: Attempt, question_id: str) -> AttemptItem | None:
    """The attempt's item for this question (with WITH_QUESTION), or None."""
    return db.session.execute(
        db.select(AttemptItem)
        .filter_by(attempt_id=attempt.id, question_id=question_id)
        .options(WITH_QUESTION)
    ).scalar_one_or_none()


def item_at(attempt: Attempt, position: int) -> AttemptItem | None:
    """The attempt's item at this position (with WITH_QUESTION), or None."""
    return db.session.get(AttemptItem, (attempt.id, position), options=[WITH_QUESTION])


def attempt_items(attempt: Attempt) -> list[AttemptItem]:
    return list(
        db.session.execute(
            db.select(AttemptItem).filter_by(attempt_id=attempt.id).order_by(AttemptItem.position)
        ).scalars()
    )


def next_position(attempt: Attempt) -> int | None:
    """Position of the first unanswered item, or None when all are answered."""
    answered = db.select(Answer.question_id).filter_by(attempt_id=attempt.id)
    return db.session.execute(
        db.select(sa.func.min(AttemptItem.position)).where(
            AttemptItem.attempt_id == attempt.id, AttemptItem.question_id.not_in(answered)
        )
    ).scalar()


def validate_answer(attempt: Attempt, question_id: str, choice_id: int, certainty: int) -> Choice:
    """The chosen Choice, or BadRequest naming what is wrong with the submission."""
    if attempt.is_finished:
        raise Conflict("This quiz is already finished, so the answer was not saved.")
    if certainty not in scoring.CERTAINTY_LABELS:
        raise BadRequest("Please say how sure you are (guessing, fairly sure or certain).")
    in_quiz = db.select(AttemptItem.position).filter_by(
        attempt_id=attempt.id, question_id=question_id
    )
    if db.session.execute(in_quiz).first() is None:
        raise BadRequest("That question is not part of this quiz, so nothing was saved.")
    choice = db.session.get(Choice, choice_id)
    if choice is None or choice.question_id != question_id or not choice.active:
        raise BadRequest("That answer does not belong to this question, so nothing was saved.")
    return choice


def record_answer(
    attempt: Attempt, question_id: str, choice_id: int, certainty: int, now: datetime | None = None
) -> Answer:
    """Save one answer (idempotent: a repeat returns the first) and update myth beliefs."""
    choice = validate_answer(attempt, question_id, choice_id, certainty)
    now = now or clock.now()
    statement = (
        dialect_insert(Answer)
        .values(
            attempt_id=attempt.id,
            user_id=attempt.user_id,
            question_id=question_id,
            choice_id=choice.id,
            is_correct=choice.is_correct,
            certainty=certainty,
            cbm=scoring.cbm_mark(choice.is_correct, certainty),
            answered_at=now,
        )
        .on_conflict_do_nothing(index_elements=["attempt_id", "question_id"])
        .returning(Answer)
    )
    # Nothing the feedback card shows changes here, so what was loaded stays loaded.
    with write_transaction():
        answer = db.session.scalars(statement).one_or_none()
        if answer is not None:
            update_beliefs(attempt.user_id, question_id, choice, certainty, now)
    return answer or answer_to(attempt, question_id)


def answer_to(attempt: Attempt, question_id: str) -> Answer | None:
    return db.session.execute(
        db.select(Answer).filter_by(attempt_id=attempt.id, question_id=question_id)
    ).scalar_one_or_none()


def update_beliefs(user_id: int, question_id: str, choice: Choice, certainty: int, now) -> None:
    myth_ids = db.session.execute(
        db.select(QuestionMyth.myth_id).filter_by(question_id=question_id)
    ).scalars()
    for myth_id in myth_ids:
        evidence = scoring.evidence_for(myth_id, choice.myth_id, choice.is_correct, certainty)
        if evidence is not None:
            _apply_evidence(user_id, myth_id, question_id, evidence, now)


def _apply_evidence(user_id, myth_id, question_id, evidence, now) -> None:
    row = db.session.execute(
        db.select(MythBelief).filter_by(user_id=user_id, myth_id=myth_id).with_for_update()
    ).scalar_one_or_none()
    old = (
        scoring.Belief(
            state=row.state,
            ever_held=row.ever_held,
            certainty=row.certainty,
            review_step=row.review_step,
            review_due=row.review_due,
            relapses=row.relapses,
        )
        if row
        else scoring.Belief()
    )
    new, relapse = scoring.update_belief(old, evidence, now)
    values = dict(
        state=new.state,
        ever_held=new.ever_held,
        certainty=new.certainty,
        review_step=new.review_step,
        review_due=new.review_due,
        relapses=new.relapses,
        updated_at=now,
        last_question_id=question_id,
    )
    statement = dialect_insert(MythBelief).values(user_id=user_id, myth_id=myth_id, **values)
    db.session.execute(
        statement.on_conflict_do_update(index_elements=["user_id", "myth_id"], set_=values)
    )
    if relapse:
        db.session.add(Relapse(user_id=user_id, myth_id=myth_id, at=now))


def finish_attempt(attempt: Attempt, now: datetime | None = None) -> Attempt:
    """Score and close the attempt once; a second finish changes nothing."""
    if next_position(attempt) is not None:
        raise Conflict("Answer every question before finishing.")
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
            finished_at=now or clock.now(),
            n_correct=db.select(totals.c.correct).scalar_subquery(),
            cbm_total=db.select(totals.c.cbm).scalar_subquery(),
        )
    )
    if closed.rowcount:
        tallies.count_finished(attempt.id)
    db.session.commit()
    db.session.refresh(attempt)
    return attempt


def review_quiz() -> Quiz:
    return db.session.get(Quiz, REVIEW_QUIZ)
