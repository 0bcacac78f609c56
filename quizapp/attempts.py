"""Starting, answering and finishing attempts: every write of the student loop.

Each answer is its own transaction, saved the moment it is given. The database
enforces the rules that concurrent requests could otherwise break: one open
attempt per learner and quiz, one answer per question and attempt, one score.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from werkzeug.exceptions import BadRequest, Conflict

from . import clock, scoring
from .content import REVIEW_QUIZ, AttemptMode, snapshot
from .database import dialect_insert, dialect_name, insert_for, write_transaction
from .extensions import db
from .models import (
    Answer,
    Attempt,
    AttemptItem,
    MythBelief,
    Question,
    Quiz,
    Relapse,
)
from .reports import tallies


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


# The statements of the answer request, built once: every student sends one
# per question, so building and caching them anew each time shows in the load test.
_QUESTION_AT = db.select(AttemptItem.question_id).where(
    AttemptItem.attempt_id == sa.bindparam("attempt_id"),
    AttemptItem.position == sa.bindparam("position"),
)
_POSITION_OF = db.select(AttemptItem.position).where(
    AttemptItem.attempt_id == sa.bindparam("attempt_id"),
    AttemptItem.question_id == sa.bindparam("question_id"),
)
_BELIEF_COLUMNS = ("state", "ever_held", "certainty", "review_step", "review_due", "relapses")
# A belief as an answer reads it: what moves it, and the version it must still be.
_HELD_COLUMNS = (
    MythBelief.myth_id,
    MythBelief.version,
    *(getattr(MythBelief, name) for name in _BELIEF_COLUMNS),
)
_ANSWER_TARGET = (
    db.select(Attempt, AttemptItem.position, *_HELD_COLUMNS)
    .outerjoin(
        AttemptItem,
        sa.and_(
            AttemptItem.attempt_id == Attempt.id,
            AttemptItem.question_id == sa.bindparam("question_id"),
        ),
    )
    .outerjoin(
        MythBelief,
        sa.and_(
            MythBelief.user_id == Attempt.user_id,
            MythBelief.myth_id.in_(sa.bindparam("myth_ids", expanding=True)),
        ),
    )
    .where(Attempt.id == sa.bindparam("attempt_id"))
)
_GIVEN = db.select(Answer.id, Answer.choice_id, Answer.is_correct, Answer.certainty).where(
    Answer.attempt_id == sa.bindparam("attempt_id"),
    Answer.question_id == sa.bindparam("question_id"),
)
_BELIEFS = (
    db.select(*_HELD_COLUMNS)
    .where(
        MythBelief.user_id == sa.bindparam("user_id"),
        MythBelief.myth_id.in_(sa.bindparam("myth_ids", expanding=True)),
    )
    .order_by(MythBelief.myth_id)
    .with_for_update()
)


NOT_IN_QUIZ = "That question is not part of this quiz, so nothing was saved."
EARLIER_ANSWER_KEPT = (
    "You had already answered this question, perhaps in another tab. That first answer "
    "is the one saved and shown here; the one you just sent was not saved."
)
SAVE_TRIES = 3


def _run(statement, params: dict) -> sa.CursorResult:
    """A Core statement of the question card or the answer, on the session's connection
    and in its transaction, without the ORM's execute machinery (it loads no objects)."""
    return db.session.connection().execute(statement, params)


@functools.cache
def _answer_insert(dialect: str):
    """INSERT ... ON CONFLICT DO NOTHING RETURNING id: a repeated answer changes nothing."""
    statement = insert_for(dialect)(Answer.__table__)
    index = ["attempt_id", "question_id"]
    return statement.on_conflict_do_nothing(index_elements=index).returning(Answer.id)


@functools.cache
def _belief_upsert(dialect: str):
    """INSERT ... ON CONFLICT DO UPDATE of one learner's belief in one myth, only if the
    stored belief is still the version the new values were worked out from
    (`seen_version`, None when there was none): otherwise it changes and returns no row."""
    table = MythBelief.__table__
    statement = insert_for(dialect)(table)
    changed = (*_BELIEF_COLUMNS, "updated_at", "last_question_id")
    return statement.on_conflict_do_update(
        index_elements=["user_id", "myth_id"],
        set_={name: statement.excluded[name] for name in changed}
        | {"version": table.c.version + 1},
        where=table.c.version == sa.bindparam("seen_version", type_=sa.Integer),
    ).returning(table.c.myth_id)


class BeliefChanged(Exception):
    """Another request moved a belief between reading it and writing it."""


@dataclass(frozen=True)
class GivenAnswer:
    """One saved answer, as the feedback card shows it."""

    id: int
    position: int
    question_id: str
    choice_id: int
    is_correct: bool
    certainty: int
    # Another answer to this question was already saved (a second tab, say): it
    # stands, and is the one shown, not the one just sent.
    earlier_answer_kept: bool = False


def attempt_items(attempt: Attempt) -> list[AttemptItem]:
    return list(
        db.session.execute(
            db.select(AttemptItem).filter_by(attempt_id=attempt.id).order_by(AttemptItem.position)
        ).scalars()
    )


def question_at(attempt: Attempt, position: int) -> str | None:
    """The id of the question at this position of the attempt, or None."""
    params = {"attempt_id": attempt.id, "position": position}
    return _run(_QUESTION_AT, params).scalar()


def position_of(attempt: Attempt, question_id: str) -> int | None:
    """Where this question sits in the attempt, or None if it is not part of it."""
    params = {"attempt_id": attempt.id, "question_id": question_id}
    return _run(_POSITION_OF, params).scalar()


def next_position(attempt: Attempt) -> int | None:
    """Position of the first unanswered item, or None when all are answered."""
    answered = db.select(Answer.question_id).filter_by(attempt_id=attempt.id)
    return db.session.execute(
        db.select(sa.func.min(AttemptItem.position)).where(
            AttemptItem.attempt_id == attempt.id, AttemptItem.question_id.not_in(answered)
        )
    ).scalar()


@dataclass(frozen=True)
class AnswerTarget:
    """What saving an answer starts from: the attempt, where the question sits in it
    (None if it is not part of it) and the learner's beliefs in the question's myths."""

    attempt: Attempt
    position: int | None
    held: dict[str, sa.Row]


def answer_target(attempt_id: int, question_id: str) -> AnswerTarget | None:
    """The attempt, the question's position and the beliefs it may move, in one
    statement (None if there is no such attempt). The beliefs are read without a
    lock: `record_answer` writes them only if they are still as read."""
    question = snapshot.question(question_id)
    params = {
        "attempt_id": attempt_id,
        "question_id": question_id,
        "myth_ids": list(question.myth_ids) if question else [],
    }
    rows = db.session.execute(_ANSWER_TARGET, params).all()
    if not rows:
        return None
    held = {row.myth_id: row for row in rows if row.myth_id is not None}
    return AnswerTarget(rows[0][0], rows[0].position, held)


def validate_answer(
    attempt: Attempt,
    question_id: str,
    choice_id: int,
    certainty: int,
    position: int | None = None,
) -> tuple[int, snapshot.ChoiceEntry]:
    """The question's position and the chosen choice, or an error naming what is wrong.

    `position` saves looking the question up again when the caller already has."""
    if attempt.is_finished:
        raise Conflict("This quiz is already finished, so the answer was not saved.")
    if certainty not in scoring.CERTAINTY_LABELS:
        raise BadRequest("Please say how sure you are (guessing, fairly sure or certain).")
    if position is None:
        position = position_of(attempt, question_id)
    if position is None:
        raise BadRequest(NOT_IN_QUIZ)
    question = snapshot.question(question_id)
    choice = question.choice(choice_id) if question else None
    if choice is None or not choice.active:
        raise BadRequest("That answer does not belong to this question, so nothing was saved.")
    return position, choice


def record_answer(
    attempt: Attempt,
    question_id: str,
    choice_id: int,
    certainty: int,
    now: datetime | None = None,
    position: int | None = None,
    held: dict[str, sa.Row] | None = None,
) -> GivenAnswer:
    """Save one answer (idempotent: a repeat returns the first) and update myth beliefs.

    `position` and `held` (from `answer_target`) save reading them again. If a belief
    changed since `held` was read, the whole write is undone and done again with the
    beliefs read under lock."""
    if attempt.is_finished:
        resent = _same_answer_again(attempt, question_id, choice_id, certainty, position)
        if resent is not None:
            return resent
    position, choice = validate_answer(attempt, question_id, choice_id, certainty, position)
    now = now or clock.now()
    row = {
        "attempt_id": attempt.id,
        "user_id": attempt.user_id,
        "question_id": question_id,
        "choice_id": choice.id,
        "is_correct": choice.is_correct,
        "certainty": certainty,
        "cbm": scoring.cbm_mark(choice.is_correct, certainty),
        "answered_at": now,
    }
    answer_id = _save_answer_until_beliefs_hold(row, choice, held)
    if answer_id is None:
        stored = answer_to(attempt, position, question_id)
        sent_again = (stored.choice_id, stored.certainty) == (choice.id, certainty)
        return stored if sent_again else dataclasses.replace(stored, earlier_answer_kept=True)
    return GivenAnswer(answer_id, position, question_id, choice.id, choice.is_correct, certainty)


def _same_answer_again(
    attempt: Attempt, question_id: str, choice_id: int, certainty: int, position: int | None
) -> GivenAnswer | None:
    """The stored answer when this one repeats it exactly: a resend (a second tab, a
    retry on flaky Wi-Fi) of the answer that finished the attempt is acknowledged,
    not refused."""
    if position is None:
        position = position_of(attempt, question_id)
    stored = answer_to(attempt, position, question_id) if position is not None else None
    if stored is not None and (stored.choice_id, stored.certainty) == (choice_id, certainty):
        return stored
    return None


def _save_answer_until_beliefs_hold(
    row: dict, choice: snapshot.ChoiceEntry, held: dict | None
) -> int | None:
    """`_save_answer`, done again with the beliefs read under lock when another
    request moved one meanwhile. A lock holds a belief that exists, so the last try
    is needed only when the belief was first written between a locked read and the
    write."""
    for _ in range(SAVE_TRIES - 1):
        try:
            return _save_answer(row, choice, held)
        except BeliefChanged:
            held = None
    return _save_answer(row, choice, held=None)


def _save_answer(row: dict, choice: snapshot.ChoiceEntry, held: dict | None) -> int | None:
    """Insert the answer and move the beliefs in one transaction; None if it was
    already saved. Nothing the feedback card shows changes here, so what was loaded
    stays loaded."""
    with write_transaction():
        answer_id = _run(_answer_insert(dialect_name()), row).scalar()
        if answer_id is not None:
            update_beliefs(
                row["user_id"],
                row["question_id"],
                choice,
                row["certainty"],
                row["answered_at"],
                held,
            )
    return answer_id


def answer_to(attempt: Attempt, position: int, question_id: str) -> GivenAnswer | None:
    """The answer to the question at this position, if it was given."""
    params = {"attempt_id": attempt.id, "question_id": question_id}
    row = _run(_GIVEN, params).first()
    if row is None:
        return None
    return GivenAnswer(row.id, position, question_id, row.choice_id, row.is_correct, row.certainty)


def update_beliefs(
    user_id: int,
    question_id: str,
    choice: snapshot.ChoiceEntry,
    certainty: int,
    now,
    held: dict[str, sa.Row] | None = None,
) -> None:
    """Move the learner's belief in each myth the answer says something about; a
    wrong choice that reflects none of them reads and writes nothing.

    `held` is what was read before, unlocked; without it the rows are read now,
    locked. Raises BeliefChanged if a belief is no longer as read."""
    evidence = {
        myth_id: scoring.evidence_for(myth_id, choice.myth_id, choice.is_correct, certainty)
        for myth_id in snapshot.question(question_id).myth_ids
    }
    moved = [myth_id for myth_id, found in evidence.items() if found is not None]
    if not moved:
        return
    if held is None:
        params = {"user_id": user_id, "myth_ids": moved}
        held = {row.myth_id: row for row in _run(_BELIEFS, params)}
    for myth_id in moved:
        _apply_evidence(user_id, myth_id, question_id, held.get(myth_id), evidence[myth_id], now)


def _apply_evidence(user_id, myth_id, question_id, row, evidence, now) -> None:
    old = {name: getattr(row, name) for name in _BELIEF_COLUMNS} if row else {}
    new, relapse = scoring.update_belief(scoring.Belief(**old), evidence, now)
    values = {name: getattr(new, name) for name in _BELIEF_COLUMNS}
    values |= {"user_id": user_id, "myth_id": myth_id, "updated_at": now}
    values |= {"last_question_id": question_id}
    values |= {"seen_version": row.version if row else None}
    if _run(_belief_upsert(dialect_name()), values).scalar() is None:
        raise BeliefChanged(myth_id)
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


def finish_if_complete(attempt: Attempt, position: int) -> None:
    """Score the attempt once the answer at `position` was its last open question,
    so the last answer leads straight to the results. Questions are answered in
    order, so only the last position needs the check."""
    if position != attempt.n_items or attempt.is_finished:
        return
    with write_transaction():
        if next_position(attempt) is None:
            finish_attempt(attempt)


def review_quiz() -> Quiz:
    return db.session.get(Quiz, REVIEW_QUIZ)
