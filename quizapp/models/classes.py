"""Classes: who teaches them, who is in them, and what they are assigned."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import clock
from ..content.ids import AttemptMode
from ..extensions import db
from .course import Quiz
from .people import User


class Classroom(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    join_code: Mapped[str] = mapped_column(sa.String(12), unique=True)
    archived_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    # An IANA zone name when the class is not in the school's time zone.
    timezone: Mapped[str | None] = mapped_column(sa.String(64))

    teacher: Mapped[User] = relationship()


class Membership(db.Model):
    classroom_id: Mapped[int] = mapped_column(sa.ForeignKey("classroom.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), primary_key=True, index=True)
    joined_at: Mapped[datetime] = mapped_column(default=clock.now)


class Assignment(db.Model):
    """A quiz a class should take; a myth-probe `mode` carries the myths to re-teach."""

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(sa.ForeignKey("classroom.id"), index=True)
    quiz_id: Mapped[str] = mapped_column(sa.ForeignKey("quiz.id"))
    mode: Mapped[str] = mapped_column(sa.String(10), default=AttemptMode.FULL)
    myth_ids: Mapped[list] = mapped_column(sa.JSON, default=list)
    due_on: Mapped[date | None]
    available_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=clock.now)

    quiz: Mapped[Quiz] = relationship()
