"""What a live session's pages count: who joined, who answered, how the class chose,
and the results per question and per myth afterwards. All of it from the session's
participants' answers (ordinary Answer rows of their live attempts), as SQL."""

from __future__ import annotations

import sqlalchemy as sa

from ..extensions import db
from ..live.models import LiveParticipant, LiveSession, LiveState
from ..models import Answer, Choice, Classroom, Membership, QuestionMyth

CERTAIN = 3


def _answers_of(session_id: int) -> sa.Select:
    """The session's answers: those of its participants' live attempts."""
    return (
        sa.select(Answer)
        .join(LiveParticipant, LiveParticipant.attempt_id == Answer.attempt_id)
        .where(LiveParticipant.session_id == session_id)
    )


def joined_count(session_id: int) -> int:
    query = sa.select(sa.func.count()).where(LiveParticipant.session_id == session_id)
    return db.session.execute(query).scalar() or 0


def joined_and_answered(session_id: int, question_id: str | None) -> tuple[int, int]:
    """How many joined the session and how many answered the question (0 without
    one), in one statement: every projector asks for both every 2 s."""
    if question_id is None:
        return joined_count(session_id), 0
    answered = (
        sa.select(sa.func.count(Answer.id))
        .join(LiveParticipant, LiveParticipant.attempt_id == Answer.attempt_id)
        .where(LiveParticipant.session_id == session_id, Answer.question_id == question_id)
    )
    joined = sa.select(sa.func.count()).where(LiveParticipant.session_id == session_id)
    query = sa.select(joined.scalar_subquery(), answered.scalar_subquery())
    return tuple(db.session.execute(query).one())


def choice_counts(session_id: int, question_id: str) -> tuple[dict[int, int], int]:
    """How many chose each choice, and how many were certain and wrong."""
    certain_wrong = sa.and_(Answer.certainty == CERTAIN, sa.not_(Answer.is_correct))
    query = (
        sa.select(
            Answer.choice_id,
            sa.func.count(Answer.id),
            sa.func.count(Answer.id).filter(certain_wrong),
        )
        .join(LiveParticipant, LiveParticipant.attempt_id == Answer.attempt_id)
        .where(LiveParticipant.session_id == session_id, Answer.question_id == question_id)
        .group_by(Answer.choice_id)
    )
    rows = db.session.execute(query).all()
    return {choice_id: count for choice_id, count, _w in rows}, sum(w for *_r, w in rows)


def question_results(session_id: int) -> dict[str, sa.Row]:
    """Question id -> answered, correct, certain and wrong."""
    answers = _answers_of(session_id).subquery()
    query = sa.select(
        answers.c.question_id,
        sa.func.count().label("answered"),
        sa.func.count().filter(answers.c.is_correct).label("correct"),
        sa.func.count()
        .filter(answers.c.certainty == CERTAIN, sa.not_(answers.c.is_correct))
        .label("certain_wrong"),
    ).group_by(answers.c.question_id)
    return {row.question_id: row for row in db.session.execute(query)}


def myth_results(session_id: int) -> dict[str, sa.Row]:
    """Myth id -> answers to questions probing it, how many were right, how many
    picked the myth's choice, and how many of those were certain."""
    answers = _answers_of(session_id).subquery()
    picked = Choice.myth_id == QuestionMyth.myth_id
    query = (
        sa.select(
            QuestionMyth.myth_id,
            sa.func.count().label("answered"),
            sa.func.count().filter(answers.c.is_correct).label("correct"),
            sa.func.count().filter(picked).label("picked"),
            sa.func.count().filter(picked, answers.c.certainty == CERTAIN).label("certain"),
        )
        .select_from(answers)
        .join(QuestionMyth, QuestionMyth.question_id == answers.c.question_id)
        .join(Choice, Choice.id == answers.c.choice_id)
        .group_by(QuestionMyth.myth_id)
    )
    return {row.myth_id: row for row in db.session.execute(query)}


def myths_busted(session_id: int, question_ids: list[str]) -> int:
    """Of the myths these questions probe, how many most of the class answered right:
    the class goal of the projector."""
    answers = _answers_of(session_id).where(Answer.question_id.in_(question_ids)).subquery()
    per_myth = (
        sa.select(QuestionMyth.myth_id)
        .select_from(answers)
        .join(QuestionMyth, QuestionMyth.question_id == answers.c.question_id)
        .group_by(QuestionMyth.myth_id)
        .having(2 * sa.func.count().filter(answers.c.is_correct) > sa.func.count())
        .subquery()
    )
    return db.session.execute(sa.select(sa.func.count()).select_from(per_myth)).scalar() or 0


def nickname_board(session_id: int, limit: int = 10) -> list[sa.Row]:
    """Chosen nicknames and their right answers, most first; students without a
    nickname are not on it."""
    query = (
        sa.select(LiveParticipant.nickname, sa.func.count(Answer.id).label("correct"))
        .outerjoin(
            Answer, sa.and_(Answer.attempt_id == LiveParticipant.attempt_id, Answer.is_correct)
        )
        .where(LiveParticipant.session_id == session_id, LiveParticipant.nickname.is_not(None))
        .group_by(LiveParticipant.nickname, LiveParticipant.user_id)
        .order_by(sa.func.count(Answer.id).desc(), LiveParticipant.nickname)
        .limit(limit)
    )
    return list(db.session.execute(query))


def open_sessions_of_student(user_id: int) -> list[sa.Row]:
    """The sessions running now in the student's classes, newest first."""
    query = (
        sa.select(LiveSession.id, LiveSession.join_code, Classroom.name)
        .join(Classroom, Classroom.id == LiveSession.classroom_id)
        .join(Membership, Membership.classroom_id == Classroom.id)
        .where(Membership.user_id == user_id, LiveSession.state != LiveState.ENDED)
        .order_by(LiveSession.id.desc())
    )
    return list(db.session.execute(query))


def sessions_of_class(classroom_id: int, limit: int = 10) -> list[sa.Row]:
    """The class's latest sessions with how many joined, for the class page."""
    joined = (
        sa.select(sa.func.count())
        .where(LiveParticipant.session_id == LiveSession.id)
        .scalar_subquery()
    )
    query = (
        sa.select(
            LiveSession.id,
            LiveSession.state,
            LiveSession.created_at,
            LiveSession.quiz_id,
            joined.label("joined"),
        )
        .where(LiveSession.classroom_id == classroom_id)
        .order_by(LiveSession.id.desc())
        .limit(limit)
    )
    return list(db.session.execute(query))
