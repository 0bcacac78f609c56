"""Which learners and days a report covers: one class, one teacher's classes, or
everyone, within a date range. Every report that looks at many learners takes a
`Scope`; the teacher's pages pass their class, the admin pages their filters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa

from ..extensions import db
from ..models import Classroom, Membership, User
from ..timezones import day_start


@dataclass(frozen=True)
class Scope:
    """One class, one teacher's classes (or neither: everyone), and a date range."""

    classroom_id: int | None = None
    teacher_id: int | None = None
    start: date | None = None
    end: date | None = None

    @property
    def by_people(self) -> bool:
        return self.classroom_id is not None or self.teacher_id is not None

    def classes(self) -> sa.Select:
        """Ids of the classes in scope."""
        query = sa.select(Classroom.id)
        if self.classroom_id is not None:
            query = query.where(Classroom.id == self.classroom_id)
        if self.teacher_id is not None:
            query = query.where(Classroom.teacher_id == self.teacher_id)
        return query

    def learners(self) -> sa.Select | None:
        """Ids of the learners in the chosen classes, or None for everyone (no limit)."""
        if not self.by_people:
            return None
        return sa.select(Membership.user_id).where(Membership.classroom_id.in_(self.classes()))

    def learner_count(self) -> int:
        """How many learners are in scope: members of its classes, or every student."""
        if self.by_people:
            query = sa.select(sa.func.count(sa.distinct(Membership.user_id))).where(
                Membership.classroom_id.in_(self.classes())
            )
        else:
            query = sa.select(sa.func.count()).where(User.role == "student")
        return db.session.execute(query).scalar() or 0

    def apply(self, query: sa.Select, user_column, time_column=None) -> sa.Select:
        """The query limited to the scope's learners and, given a time column, to
        times within its days."""
        learners = self.learners()
        if learners is not None:
            query = query.where(user_column.in_(learners))
        if time_column is not None and self.start is not None:
            query = query.where(time_column >= day_start(self.start))
        if time_column is not None and self.end is not None:
            query = query.where(time_column < day_start(self.end + timedelta(days=1)))
        return query

    def as_args(self) -> dict:
        """The scope as query-string arguments, for links that keep the filters."""
        args = {
            "classroom": self.classroom_id,
            "teacher": self.teacher_id,
            "start": self.start and self.start.isoformat(),
            "end": self.end and self.end.isoformat(),
        }
        return {key: value for key, value in args.items() if value is not None}
