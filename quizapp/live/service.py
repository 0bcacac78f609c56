"""The rules of a live session and every change to one.

A session moves lobby -> question -> revealed -> question ... -> ended, with pauses.
Each change is one UPDATE that also checks the version the teacher's page showed, so a
double click (or two devices) never moves the class twice; the new version is then
mirrored in Redis (signal.py). Students' answers are ordinary answers of an ordinary
attempt (mode "live"), saved by answers.record_answer, so beliefs, spaced review,
mastery and reports count them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from .. import answers, attempts, clock, practice
from ..content import MYTH_PROBE_QUIZ, PRE_QUIZ, AttemptMode, QuizKind
from ..database import dialect_insert
from ..extensions import db
from ..models import Answer, Attempt, Classroom, Quiz
from ..reports import myths, tallies
from ..reports.scope import Scope
from ..teach.classes import join, new_code, normalize
from . import signal
from .models import LiveParticipant, LiveSession, LiveState

MYTH_CHECK, CLASS_MYTHS = "myth-check", "class-myths"
TIMER_CHOICES = (0, 20, 30, 45, 60, 90)
MAX_DRAWS = 10
CLASS_HOLDS_NO_MYTHS = _l(
    "No one in this class holds a myth yet (or no one has answered). "
    "Choose a lesson quiz or the myth check."
)
NOT_OPEN = _l("This question is closed now, so the answer was not saved.")


class LiveError(ValueError):
    """A request the session's rules refuse, with a message for the person."""


@dataclass(frozen=True)
class Move:
    """What a teacher's action does: from which states, to which state."""

    from_states: tuple[str, ...]
    to_state: str


MOVES = {
    "start": Move((LiveState.LOBBY,), LiveState.QUESTION),
    "reveal": Move((LiveState.QUESTION,), LiveState.REVEALED),
    "next": Move((LiveState.REVEALED, LiveState.QUESTION), LiveState.QUESTION),
    "pause": Move((LiveState.QUESTION, LiveState.REVEALED), LiveState.PAUSED),
    "resume": Move((LiveState.PAUSED,), LiveState.QUESTION),
    "end": Move(
        (LiveState.LOBBY, LiveState.QUESTION, LiveState.REVEALED, LiveState.PAUSED),
        LiveState.ENDED,
    ),
}


def questions_for(classroom: Classroom, source: str) -> tuple[str, list[str]]:
    """The quiz the students' attempts belong to and the questions, for a choice of
    the form. The myth check's questions and the class's myths go to the myth-probe
    quiz, so the before/after myth check is measured only by the real one."""
    if source == MYTH_CHECK:
        return MYTH_PROBE_QUIZ, attempts.quiz_question_ids(PRE_QUIZ)
    if source == CLASS_MYTHS:
        held = myths.myths_held_by_share(Scope(classroom_id=classroom.id), 1e-9)
        most = held[: practice.MYTH_PROBE_SIZE]
        question_ids = practice.draw_myth_probe(classroom.teacher_id, most)
        if not question_ids:
            raise LiveError(str(CLASS_HOLDS_NO_MYTHS))
        return MYTH_PROBE_QUIZ, question_ids
    quiz = db.session.get(Quiz, source)
    if quiz is None or quiz.kind != QuizKind.LESSON:
        raise LiveError("unknown quiz")
    return quiz.id, attempts.quiz_question_ids(quiz.id)


def create_session(
    classroom: Classroom, teacher_id: int, source: str, options: dict
) -> LiveSession:
    """A new session in the lobby, with a join code of its own."""
    quiz_id, question_ids = questions_for(classroom, source)
    for _draw in range(MAX_DRAWS):
        session = LiveSession(
            classroom_id=classroom.id,
            teacher_id=teacher_id,
            quiz_id=quiz_id,
            question_ids=question_ids,
            join_code=new_code(),
            timer_seconds=options.get("timer_seconds") or None,
            class_goal=bool(options.get("class_goal")),
            nicknames=bool(options.get("nicknames")),
        )
        db.session.add(session)
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            continue
        signal.start(session.id, session.version)
        return session
    raise RuntimeError("Could not find a free live session code; try again.")


def open_session_by_code(text: str) -> LiveSession | None:
    """The session with this code, if it has not ended."""
    code = normalize(text)
    if not code:
        return None
    return db.session.execute(
        db.select(LiveSession).where(
            LiveSession.join_code == code, LiveSession.state != LiveState.ENDED
        )
    ).scalar_one_or_none()


def participant(session_id: int, user_id: int) -> LiveParticipant | None:
    return db.session.get(LiveParticipant, {"session_id": session_id, "user_id": user_id})


def join_session(session: LiveSession, user_id: int, nickname: str | None) -> LiveParticipant:
    """Put the student in the session (and its class), with an attempt for their
    answers; joining again changes nothing."""
    join(db.session.get(Classroom, session.classroom_id), user_id)
    existing = participant(session.id, user_id)
    if existing is not None:
        return existing
    _close_stale_live_attempt(user_id, session)
    quiz = db.session.get(Quiz, session.quiz_id)
    attempt = attempts.start_attempt(user_id, quiz, AttemptMode.LIVE, list(session.question_ids))
    db.session.execute(
        dialect_insert(LiveParticipant)
        .values(
            session_id=session.id,
            user_id=user_id,
            attempt_id=attempt.id,
            nickname=(nickname or None) if session.nicknames else None,
            joined_at=clock.now(),
        )
        .on_conflict_do_nothing(index_elements=["session_id", "user_id"])
    )
    db.session.commit()
    return participant(session.id, user_id)


def _close_stale_live_attempt(user_id: int, session: LiveSession) -> None:
    """A live attempt at this quiz still open from another session is closed, so this
    session's attempt starts with its own questions."""
    stale = attempts.open_attempt(user_id, session.quiz_id, AttemptMode.LIVE)
    if stale is not None:
        close_attempts([stale.id])


def close_attempts(attempt_ids: list[int]) -> None:
    """Score and close live attempts as they stand: questions not answered in the
    session count as not correct."""
    for attempt_id in attempt_ids:
        totals = sa.select(
            sa.func.count().filter(Answer.is_correct), sa.func.coalesce(sa.func.sum(Answer.cbm), 0)
        ).where(Answer.attempt_id == attempt_id)
        correct, cbm = db.session.execute(totals).one()
        closed = db.session.execute(
            sa.update(Attempt)
            .where(Attempt.id == attempt_id, Attempt.finished_at.is_(None))
            .values(finished_at=clock.now(), n_correct=correct, cbm_total=cbm)
        )
        if closed.rowcount:
            tallies.count_finished(attempt_id)
    db.session.commit()


def changes_for(session: LiveSession, action: str, now: datetime) -> dict | None:
    """The new column values for an action, or None when the action does not apply."""
    move = MOVES.get(action)
    if move is None or session.state not in move.from_states:
        return None
    if action == "pause":
        return {"state": LiveState.PAUSED, "resume_state": session.state}
    if action == "resume":
        return {"state": session.resume_state or LiveState.QUESTION, "resume_state": None}
    if action == "end" or (action == "next" and session.position >= session.total):
        return {"state": LiveState.ENDED, "ended_at": now}
    if action in ("start", "next"):
        return {
            "state": LiveState.QUESTION,
            "position": session.position + 1,
            "question_started_at": now,
        }
    return {"state": move.to_state}


def control(session: LiveSession, action: str, version: int) -> bool:
    """Apply a teacher's action if the session is still at `version`; False when it
    moved on since (a second click, another device) or the action does not apply."""
    if action not in MOVES:
        raise LiveError("unknown action")
    changes = changes_for(session, action, clock.now())
    if changes is None or version != session.version:
        return False
    changed = db.session.execute(
        sa.update(LiveSession)
        .where(LiveSession.id == session.id, LiveSession.version == version)
        .values(version=LiveSession.version + 1, **changes)
    ).rowcount
    db.session.commit()
    if not changed:
        return False
    db.session.refresh(session)
    if session.state == LiveState.ENDED:
        close_attempts(participant_attempt_ids(session.id))
    signal.publish(session.id, session.version)
    return True


def participant_attempt_ids(session_id: int) -> list[int]:
    return list(
        db.session.execute(
            sa.select(LiveParticipant.attempt_id).where(
                LiveParticipant.session_id == session_id, LiveParticipant.attempt_id.is_not(None)
            )
        ).scalars()
    )


def deadline(session: LiveSession) -> datetime | None:
    """When the current question closes, if the teacher set a timer."""
    if not session.timer_seconds or session.question_started_at is None:
        return None
    return session.question_started_at + timedelta(seconds=session.timer_seconds)


def seconds_left(session: LiveSession) -> int | None:
    end = deadline(session)
    if end is None:
        return None
    return max(0, int((end - clock.now()).total_seconds()))


def is_answerable(session: LiveSession, question_id: str, now: datetime | None = None) -> bool:
    """Whether this question takes answers now."""
    end = deadline(session)
    return (
        session.state == LiveState.QUESTION
        and question_id == session.current_question_id
        and (end is None or (now or clock.now()) <= end)
    )


def submit_answer(
    session: LiveSession,
    member: LiveParticipant,
    question_id: str,
    choice_id: int,
    certainty: int,
    language: str,
) -> answers.GivenAnswer:
    """Save the student's answer to the open question. A repeat of a question they
    already answered returns the stored answer and saves nothing, even after the
    question closed; an answer to a closed question is a LiveError."""
    target = answers.answer_target(member.attempt_id, question_id)
    if target is None or target.position is None:
        raise LiveError(str(answers.NOT_IN_QUIZ))
    if target.given is not None:
        return answers.kept_answer(target.given, choice_id, certainty)
    if not is_answerable(session, question_id) or target.attempt.is_finished:
        raise LiveError(str(NOT_OPEN))
    return answers.record_answer(target, choice_id, certainty, language=language)
