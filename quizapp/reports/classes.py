"""Classes and what they assign: a teacher's classes, a class's roster and
assignments and follow-ups, and what a learner's classes assigned them.

Each function runs a fixed number of queries, however many students a class
has. The progress grid is in `progress`, the class's myths in `myths`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa

from ..content import SOURCE_LANGUAGE, AttemptMode, QuizKind
from ..extensions import db
from ..models import Answer, Assignment, Attempt, Classroom, Lesson, Membership, Myth, Quiz, User
from ..quiz_labels import course_order, quiz_label
from ..timezones import local
from .scope import Scope
from .wording import in_language


def best_percent():
    return 100.0 * Attempt.n_correct / sa.func.nullif(Attempt.n_items, 0)


@dataclass
class ClassSummary:
    classroom: Classroom
    students: int
    assignments: int


def class_summaries(scope: Scope) -> list[ClassSummary]:
    """The scope's classes (a teacher's, or every class), open ones first, with counts."""
    students = (
        sa.select(sa.func.count(Membership.user_id))
        .where(Membership.classroom_id == Classroom.id)
        .scalar_subquery()
    )
    assignments = (
        sa.select(sa.func.count(Assignment.id))
        .where(Assignment.classroom_id == Classroom.id)
        .scalar_subquery()
    )
    query = (
        db.select(Classroom, students, assignments)
        .options(sa.orm.joinedload(Classroom.teacher))
        .order_by(Classroom.archived_at.is_not(None), Classroom.name, Classroom.id)
    )
    if scope.by_people:
        query = query.where(Classroom.id.in_(scope.classes()))
    return [ClassSummary(*row) for row in db.session.execute(query).all()]


@dataclass
class RosterRow:
    user_id: int
    username: str
    joined_at: datetime
    last_active: datetime | None


def roster(classroom_id: int) -> list[RosterRow]:
    """The students of a class with when they joined and last answered anything."""
    last_answer = (
        sa.select(Answer.user_id, sa.func.max(Answer.answered_at).label("at"))
        .where(Answer.user_id.in_(Scope(classroom_id=classroom_id).learners()))
        .group_by(Answer.user_id)
        .subquery()
    )
    rows = db.session.execute(
        db.select(User.id, User.username, Membership.joined_at, last_answer.c.at)
        .join(Membership, Membership.user_id == User.id)
        .outerjoin(last_answer, last_answer.c.user_id == User.id)
        .where(Membership.classroom_id == classroom_id)
        .order_by(User.username)
    ).all()
    return [RosterRow(*row) for row in rows]


@dataclass
class MyClass:
    classroom_id: int
    name: str
    teacher: str


def classes_of(user_id: int) -> list[MyClass]:
    """The open classes a learner is in, by name, with their teacher."""
    rows = db.session.execute(
        db.select(Classroom.id, Classroom.name, User.username)
        .join(Membership, Membership.classroom_id == Classroom.id)
        .join(User, User.id == Classroom.teacher_id)
        .where(Membership.user_id == user_id, Classroom.archived_at.is_(None))
        .order_by(Classroom.name, Classroom.id)
    ).all()
    return [MyClass(*row) for row in rows]


def class_assignments(classroom_id: int) -> list[Assignment]:
    """A class's assignments (re-teach quizzes and delayed myth checks too) with their
    quizzes, soonest due first, undated last."""
    query = (
        db.select(Assignment)
        .join(Quiz, Quiz.id == Assignment.quiz_id)
        .options(sa.orm.contains_eager(Assignment.quiz))
        .where(Assignment.classroom_id == classroom_id)
        .order_by(Assignment.due_on.is_(None), Assignment.due_on, Quiz.position, Quiz.id)
    )
    return list(db.session.execute(query).scalars())


def course_lessons() -> list[Lesson]:
    """The active lessons in course order."""
    return list(
        db.session.execute(
            db.select(Lesson).where(Lesson.active).order_by(Lesson.position)
        ).scalars()
    )


def assignable_quizzes(language: str = SOURCE_LANGUAGE) -> list[tuple[str, str]]:
    """(quiz id, label in `language`) of everything a teacher can assign, in course order."""
    rows = db.session.execute(
        db.select(Quiz.id, Quiz.kind, in_language(Quiz.title, language))
        .outerjoin(Lesson, Lesson.id == Quiz.lesson_id)
        .where(Quiz.kind.in_((QuizKind.PRE, QuizKind.LESSON, QuizKind.POST)))
        .where(sa.or_(Quiz.lesson_id.is_(None), Lesson.active))
        .order_by(course_order(), Quiz.position)
    ).all()
    return [(quiz_id, quiz_label(kind, title)) for quiz_id, kind, title in rows]


@dataclass
class AssignedItem:
    assignment_id: int
    quiz_id: str
    quiz_kind: str
    title: str
    classroom: str
    due_on: date | None
    best_percent: float | None
    today: date
    mode: str = AttemptMode.FULL

    @property
    def done(self) -> bool:
        return self.best_percent is not None

    @property
    def overdue(self) -> bool:
        return not self.done and self.due_on is not None and self.due_on < self.today


def todays_by_zone(user_id: int, now: datetime) -> dict[str | None, date]:
    """Class time zone (None: the school's) -> the date it is now there, for the
    zones of the learner's classes."""
    zones = db.session.execute(
        sa.select(Classroom.timezone)
        .join(Membership, Membership.classroom_id == Classroom.id)
        .where(Membership.user_id == user_id)
        .distinct()
    ).scalars()
    return {zone: local(now, zone).date() for zone in {None, *zones}}


def class_today(todays: dict[str | None, date]):
    """SQL: the date it is now in each row's class, from `todays_by_zone`."""
    others = {zone: day for zone, day in todays.items() if zone is not None}
    school = sa.literal(todays[None], sa.Date)
    if not others:
        return school
    return sa.case(
        {zone: sa.literal(day, sa.Date) for zone, day in others.items()},
        value=Classroom.timezone,
        else_=school,
    )


def assigned_to(user_id: int, now: datetime, language: str = SOURCE_LANGUAGE) -> list[AssignedItem]:
    """What the learner's open classes assigned them: overdue first, then by due date, done
    last. Due dates are days in the class's time zone, so "today" is that zone's date."""
    todays = todays_by_zone(user_id, now)
    today = class_today(todays)
    finished = (
        sa.select(Attempt.quiz_id, sa.func.max(best_percent()).label("best"))
        .where(Attempt.user_id == user_id, Attempt.finished_at.is_not(None))
        .where(Attempt.mode == AttemptMode.FULL)
        .group_by(Attempt.quiz_id)
        .subquery()
    )
    # A re-teach or delayed test is done by an attempt made for that very assignment.
    for_assignment = (
        sa.select(Attempt.assignment_id, sa.func.max(best_percent()).label("best"))
        .where(Attempt.user_id == user_id, Attempt.finished_at.is_not(None))
        .group_by(Attempt.assignment_id)
        .subquery()
    )
    best = sa.case(
        (Assignment.mode == AttemptMode.FULL, finished.c.best), else_=for_assignment.c.best
    )
    done = best.is_not(None)
    overdue = sa.and_(~done, Assignment.due_on < today)
    rows = db.session.execute(
        db.select(Assignment.id, Quiz.id, Quiz.kind, in_language(Quiz.title, language))
        .add_columns(Classroom.name, Assignment.due_on)
        .add_columns(best, Assignment.mode, Classroom.timezone)
        .join(Quiz, Quiz.id == Assignment.quiz_id)
        .join(Classroom, Classroom.id == Assignment.classroom_id)
        .join(Membership, Membership.classroom_id == Classroom.id)
        .outerjoin(finished, finished.c.quiz_id == Quiz.id)
        .outerjoin(for_assignment, for_assignment.c.assignment_id == Assignment.id)
        .where(Membership.user_id == user_id, Classroom.archived_at.is_(None))
        .where(sa.or_(Assignment.available_on.is_(None), Assignment.available_on <= today))
        .order_by(sa.case((overdue, 0), (done, 2), else_=1))
        .order_by(Assignment.due_on.is_(None), Assignment.due_on, Quiz.position)
    ).all()
    return [
        AssignedItem(
            aid, qid, kind, quiz_label(kind, title, mode), name, due, best, todays[zone], mode
        )
        for aid, qid, kind, title, name, due, best, mode, zone in rows
    ]


@dataclass
class FollowUp:
    assignment: Assignment
    done: int
    myths: list[str]


def follow_ups(classroom_id: int, language: str = SOURCE_LANGUAGE) -> list[FollowUp]:
    """The class's re-teach quizzes and delayed myth checks, newest first, with how
    many students finished each and the statements of the myths a re-teach covers."""
    done = (
        sa.select(sa.func.count(sa.distinct(Attempt.user_id)))
        .where(Attempt.assignment_id == Assignment.id, Attempt.finished_at.is_not(None))
        .scalar_subquery()
    )
    rows = db.session.execute(
        db.select(Assignment, done)
        .where(Assignment.classroom_id == classroom_id)
        .where(Assignment.mode.in_((AttemptMode.MYTH_PROBE, AttemptMode.DELAYED)))
        .order_by(Assignment.created_at.desc(), Assignment.id.desc())
    ).all()
    statement = in_language(Myth.statement, language)
    statements = dict(db.session.execute(db.select(Myth.id, statement)).all())
    return [
        FollowUp(assignment, n_done, [statements[m] for m in assignment.myth_ids or []])
        for assignment, n_done in rows
    ]
