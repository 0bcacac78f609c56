"""The rows of a live session: the session with its state, and who joined it."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import clock
from ..extensions import db


class LiveState(StrEnum):
    """`LiveSession.state`: where the class is."""

    LOBBY = "lobby"
    QUESTION = "question"
    REVEALED = "revealed"
    PAUSED = "paused"
    ENDED = "ended"


class LiveSession(db.Model):
    """One teacher leading one class through a list of questions.

    `version` goes up by one on every change of state; pages and the poll compare it
    (quizapp.live.signal mirrors it in Redis). `position` is 0 in the lobby, then the
    1-based position of the current question in `question_ids`."""

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(
        sa.ForeignKey("classroom.id", ondelete="CASCADE"), index=True
    )
    teacher_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    quiz_id: Mapped[str] = mapped_column(sa.ForeignKey("quiz.id"))
    question_ids: Mapped[list] = mapped_column(sa.JSON, default=list)
    join_code: Mapped[str] = mapped_column(sa.String(12), unique=True)
    state: Mapped[str] = mapped_column(sa.String(10), default=LiveState.LOBBY)
    resume_state: Mapped[str | None] = mapped_column(sa.String(10))
    position: Mapped[int] = mapped_column(default=0)
    version: Mapped[int] = mapped_column(default=1)
    timer_seconds: Mapped[int | None]
    class_goal: Mapped[bool] = mapped_column(default=False)
    nicknames: Mapped[bool] = mapped_column(default=False)
    question_started_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    ended_at: Mapped[datetime | None]

    @property
    def current_question_id(self) -> str | None:
        if 1 <= self.position <= len(self.question_ids):
            return self.question_ids[self.position - 1]
        return None

    @property
    def total(self) -> int:
        return len(self.question_ids)

    @property
    def is_open(self) -> bool:
        return self.state != LiveState.ENDED


class LiveParticipant(db.Model):
    """A student in a session, with the attempt their answers go to."""

    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("live_session.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    attempt_id: Mapped[int | None] = mapped_column(sa.ForeignKey("attempt.id", ondelete="SET NULL"))
    nickname: Mapped[str | None] = mapped_column(sa.String(24))
    joined_at: Mapped[datetime] = mapped_column(default=clock.now)

    session: Mapped[LiveSession] = relationship()
