"""Validating and saving one answer, the moment it is given, in its own transaction.

The database keeps one answer per question and attempt: a repeat saves nothing
and gets the first answer back. Saving an answer also moves the learner's myth
beliefs (beliefs.py), in the same transaction.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import BadRequest, Conflict

from . import beliefs, clock, scoring
from .content import SOURCE_LANGUAGE, snapshot
from .database import dialect_name, execute_core, insert_for, write_transaction
from .extensions import db
from .models import Answer, Attempt, AttemptItem, MythBelief

NOT_IN_QUIZ = _l("That question is not part of this quiz, so nothing was saved.")
EARLIER_ANSWER_KEPT = _l(
    "You had already answered this question, perhaps in another tab. That first answer "
    "is the one saved and shown here; the one you just sent was not saved."
)

# An answer already given, read beside other rows (`given_in` makes it a GivenAnswer).
GIVEN_COLUMNS = (
    Answer.id.label("given_id"),
    Answer.choice_id.label("given_choice_id"),
    Answer.is_correct.label("given_is_correct"),
    Answer.certainty.label("given_certainty"),
)

# The statements of the answer request, built once: every student sends one
# per question, so building and caching them anew each time shows in the load test.
_ANSWER_TARGET = (
    db.select(Attempt, AttemptItem.position, *GIVEN_COLUMNS, *beliefs.HELD_COLUMNS)
    .outerjoin(
        AttemptItem,
        sa.and_(
            AttemptItem.attempt_id == Attempt.id,
            AttemptItem.question_id == sa.bindparam("question_id"),
        ),
    )
    .outerjoin(
        Answer,
        sa.and_(Answer.attempt_id == Attempt.id, Answer.question_id == sa.bindparam("question_id")),
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


@functools.cache
def _answer_insert(dialect: str):
    """INSERT ... ON CONFLICT DO NOTHING RETURNING id: a repeated answer changes nothing."""
    statement = insert_for(dialect)(Answer.__table__)
    index = ["attempt_id", "question_id"]
    return statement.on_conflict_do_nothing(index_elements=index).returning(Answer.id)


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


@dataclass(frozen=True)
class AnswerTarget:
    """What saving an answer starts from: the attempt, the question, where it sits in
    the attempt (None if it is not part of it), the learner's beliefs in the
    question's myths and the answer already given to it (None if none), read
    without a lock."""

    attempt: Attempt
    question_id: str
    position: int | None
    held: dict[str, sa.Row]
    given: GivenAnswer | None = None


def answer_target(attempt_id: int, question_id: str) -> AnswerTarget | None:
    """The attempt, the question's position, the beliefs it may move and the answer
    already given, in one statement (None if there is no such attempt).
    `record_answer` writes the beliefs only if they are still as read here."""
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
    first = rows[0]
    given = given_in(first, first.position, question_id)
    return AnswerTarget(first[0], question_id, first.position, held, given)


def given_in(row: sa.Row, position: int | None, question_id: str) -> GivenAnswer | None:
    """The answer in a row read with `GIVEN_COLUMNS` (None if there is none)."""
    if row.given_id is None or position is None:
        return None
    given = (row.given_id, position, question_id)
    return GivenAnswer(*given, row.given_choice_id, row.given_is_correct, row.given_certainty)


def validate_answer(target: AnswerTarget, choice_id: int, certainty: int) -> snapshot.ChoiceEntry:
    """The chosen choice, or an error naming what is wrong."""
    if target.attempt.is_finished:
        raise Conflict(_("This quiz is already finished, so the answer was not saved."))
    if certainty not in scoring.CERTAINTY_LABELS:
        raise BadRequest(_("Please say how sure you are (guessing, fairly sure or certain)."))
    if target.position is None:
        raise BadRequest(NOT_IN_QUIZ)
    question = snapshot.question(target.question_id)
    choice = question.choice(choice_id) if question else None
    if choice is None or not choice.active:
        raise BadRequest(_("That answer does not belong to this question, so nothing was saved."))
    return choice


def record_answer(
    target: AnswerTarget, choice_id: int, certainty: int, language: str = SOURCE_LANGUAGE
) -> GivenAnswer:
    """Save one answer (idempotent: a repeat returns the first) and move myth beliefs.
    `language` is the one the question was shown in; it changes nothing but the record.

    If a belief changed since `target` read it, the whole write is undone and done
    again with the beliefs read under lock."""
    if target.attempt.is_finished:
        resent = _same_answer_again(target, choice_id, certainty)
        if resent is not None:
            return resent
    choice = validate_answer(target, choice_id, certainty)
    row = _answer_row(target, choice, certainty, language)
    save = functools.partial(_save_answer, row, choice)
    answer_id = beliefs.until_beliefs_hold(save, target.held)
    attempt, position, question_id = target.attempt, target.position, target.question_id
    if answer_id is None:
        return kept_answer(answer_to(attempt, position, question_id), choice.id, certainty)
    return GivenAnswer(answer_id, position, question_id, choice.id, choice.is_correct, certainty)


def kept_answer(stored: GivenAnswer, choice_id: int, certainty: int) -> GivenAnswer:
    """The answer already saved, which stands against one sent after it: marked as
    kept over it unless it was the same answer sent again."""
    if (stored.choice_id, stored.certainty) == (choice_id, certainty):
        return stored
    return dataclasses.replace(stored, earlier_answer_kept=True)


def _answer_row(
    target: AnswerTarget, choice: snapshot.ChoiceEntry, certainty: int, language: str
) -> dict:
    return {
        "attempt_id": target.attempt.id,
        "user_id": target.attempt.user_id,
        "question_id": target.question_id,
        "choice_id": choice.id,
        "is_correct": choice.is_correct,
        "certainty": certainty,
        "cbm": scoring.cbm_mark(choice.is_correct, certainty),
        "answered_at": clock.now(),
        "language": language,
    }


def _same_answer_again(target: AnswerTarget, choice_id: int, certainty: int) -> GivenAnswer | None:
    """The stored answer when this one repeats it exactly: a resend (a second tab, a
    retry on flaky Wi-Fi) of the answer that finished the attempt is acknowledged,
    not refused."""
    if target.position is None:
        return None
    stored = answer_to(target.attempt, target.position, target.question_id)
    if stored is not None and (stored.choice_id, stored.certainty) == (choice_id, certainty):
        return stored
    return None


def _save_answer(row: dict, choice: snapshot.ChoiceEntry, held: dict | None) -> int | None:
    """Insert the answer and move the beliefs in one transaction; None if it was
    already saved. Nothing the feedback card shows changes here, so what was loaded
    stays loaded."""
    with write_transaction():
        answer_id = execute_core(_answer_insert(dialect_name()), row).scalar()
        if answer_id is not None:
            beliefs.update_beliefs(
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
    return answer_in(attempt.id, position, question_id)


def answer_in(attempt_id: int, position: int, question_id: str) -> GivenAnswer | None:
    """`answer_to` for an attempt known by its id alone."""
    params = {"attempt_id": attempt_id, "question_id": question_id}
    row = execute_core(_GIVEN, params).first()
    if row is None:
        return None
    return GivenAnswer(row.id, position, question_id, row.choice_id, row.is_correct, row.certainty)
