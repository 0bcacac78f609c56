"""What a student's phone reads of a session, in one statement: after each click
every phone of the class loads its page, and each answer reads it too."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from .. import answers
from ..extensions import db
from ..models import Answer, AttemptItem, Membership
from .models import LiveParticipant, LiveSession

# Built once, and one statement instead of four round trips to the database.
_SEEN_BY_STUDENT = (
    db.select(
        LiveSession,
        LiveParticipant,
        sa.exists()
        .where(
            Membership.classroom_id == LiveSession.classroom_id,
            Membership.user_id == sa.bindparam("user_id"),
        )
        .label("in_class"),
        AttemptItem.question_id.label("item_question_id"),
        *answers.GIVEN_COLUMNS,
    )
    .outerjoin(
        LiveParticipant,
        sa.and_(
            LiveParticipant.session_id == LiveSession.id,
            LiveParticipant.user_id == sa.bindparam("user_id"),
        ),
    )
    .outerjoin(
        AttemptItem,
        sa.and_(
            AttemptItem.attempt_id == LiveParticipant.attempt_id,
            AttemptItem.position == LiveSession.position,
        ),
    )
    .outerjoin(
        Answer,
        sa.and_(
            Answer.attempt_id == AttemptItem.attempt_id,
            Answer.question_id == AttemptItem.question_id,
        ),
    )
    .where(LiveSession.id == sa.bindparam("session_id"))
)


@dataclass(frozen=True)
class StudentSeat:
    """A session as one student sees it: their place in it (None before they join),
    whether they are in its class, and their answer to the current question (None
    before they give it)."""

    session: LiveSession | None
    member: LiveParticipant | None
    in_class: bool
    answer: answers.GivenAnswer | None


def seen_by_student(session_id: int, user_id: int) -> StudentSeat:
    """The session, the student's place in it, whether they are in its class and
    their answer to the current question, read together."""
    params = {"session_id": session_id, "user_id": user_id}
    row = db.session.execute(_SEEN_BY_STUDENT, params).first()
    if row is None:
        return StudentSeat(None, None, False, None)
    session, member = row[0], row[1]
    return StudentSeat(session, member, row.in_class, _current_answer(row, session, member))


def _current_answer(
    row: sa.Row, session: LiveSession, member: LiveParticipant | None
) -> answers.GivenAnswer | None:
    """The answer in `row` when its attempt item is the current question; the
    attempt's answer to that question otherwise (an attempt whose items do not
    follow the session's questions)."""
    question_id = session.current_question_id
    if question_id is None or member is None or member.attempt_id is None:
        return None
    if row.item_question_id != question_id:
        return answers.answer_in(member.attempt_id, session.position, question_id)
    return answers.given_in(row, session.position, question_id)
