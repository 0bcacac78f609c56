"""What a learner does: attempts and their items, answers, and where the learner
stands on each myth (beliefs and relapses)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import clock
from ..content.ids import SOURCE_LANGUAGE, AttemptMode
from ..extensions import db
from .course import Choice, Myth, Question, Quiz


class Attempt(db.Model):
    __table_args__ = (
        # At most one unfinished attempt per learner, quiz and mode: two parallel
        # "start" requests end in the same attempt.
        sa.Index(
            "uq_attempt_open",
            "user_id",
            "quiz_id",
            "mode",
            unique=True,
            sqlite_where=sa.text("finished_at IS NULL"),
            postgresql_where=sa.text("finished_at IS NULL"),
        ),
        sa.Index("ix_attempt_quiz_finished", "quiz_id", "finished_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"), index=True)
    quiz_id: Mapped[str] = mapped_column(sa.ForeignKey("quiz.id"))
    mode: Mapped[str] = mapped_column(sa.String(10), default=AttemptMode.FULL)
    assignment_id: Mapped[int | None] = mapped_column(sa.ForeignKey("assignment.id"))
    started_at: Mapped[datetime] = mapped_column(default=clock.now, index=True)
    finished_at: Mapped[datetime | None]
    n_items: Mapped[int] = mapped_column(default=0)
    n_correct: Mapped[int | None]
    cbm_total: Mapped[int | None]

    quiz: Mapped[Quiz] = relationship()

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None


class AttemptItem(db.Model):
    """The questions of one attempt, fixed when it starts."""

    __table_args__ = (sa.UniqueConstraint("attempt_id", "question_id"),)

    attempt_id: Mapped[int] = mapped_column(
        sa.ForeignKey("attempt.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[str] = mapped_column(sa.ForeignKey("question.id"))

    question: Mapped[Question] = relationship()


class Answer(db.Model):
    __table_args__ = (
        sa.UniqueConstraint("attempt_id", "question_id"),
        sa.CheckConstraint("certainty BETWEEN 1 AND 3", name="certainty_range"),
        sa.Index("ix_answer_question_choice", "question_id", "choice_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(sa.ForeignKey("attempt.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"), index=True)
    question_id: Mapped[str] = mapped_column(sa.ForeignKey("question.id"))
    choice_id: Mapped[int] = mapped_column(sa.ForeignKey("choice.id"))
    is_correct: Mapped[bool]
    certainty: Mapped[int] = mapped_column(sa.SmallInteger)
    cbm: Mapped[int] = mapped_column(sa.SmallInteger)
    answered_at: Mapped[datetime] = mapped_column(default=clock.now, index=True)
    # The language the question was shown in: item analysis can be split by it.
    language: Mapped[str] = mapped_column(
        sa.String(8), default=SOURCE_LANGUAGE, server_default=SOURCE_LANGUAGE
    )

    choice: Mapped[Choice] = relationship()


class MythBelief(db.Model):
    """What one learner currently believes about one myth, and when to re-check it."""

    __table_args__ = (sa.Index("ix_myth_belief_myth_state", "myth_id", "state"),)

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    myth_id: Mapped[str] = mapped_column(sa.ForeignKey("myth.id"), primary_key=True)
    state: Mapped[str] = mapped_column(sa.String(10))
    ever_held: Mapped[bool] = mapped_column(default=False)
    certainty: Mapped[int] = mapped_column(sa.SmallInteger, default=1)
    updated_at: Mapped[datetime] = mapped_column(default=clock.now)
    last_question_id: Mapped[str | None] = mapped_column(sa.String(64))
    review_step: Mapped[int] = mapped_column(default=0)
    review_due: Mapped[datetime | None] = mapped_column(index=True)
    relapses: Mapped[int] = mapped_column(default=0)
    # One more on every update: an answer writes the belief only if it is still the
    # version it read (see beliefs.update_beliefs).
    version: Mapped[int] = mapped_column(default=0, server_default="0")

    myth: Mapped[Myth] = relationship()


class Relapse(db.Model):
    """A corrected myth answered wrongly again."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    myth_id: Mapped[str] = mapped_column(sa.ForeignKey("myth.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=clock.now)
