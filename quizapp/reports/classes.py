"""Aggregates for teachers: classes, rosters, progress grids, assignments.

Every function that looks at learners takes `classroom_id`: one class, or
None for every student (what an admin sees). Each function runs a fixed
number of queries, however many students a class has. Class myths are in
`class_myths`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa

from ..content import AttemptMode, QuizKind
from ..extensions import db
from ..models import (
    Answer,
    Assignment,
    Attempt,
    Choice,
    Classroom,
    Lesson,
    Membership,
    Myth,
    Question,
    Quiz,
    User,
)

QUIZ_LABELS = {QuizKind.PRE: "Myth check (before the lessons)", QuizKind.POST: "Final myth check"}
MODE_LABELS = {
    AttemptMode.REVIEW: "Review quiz: myths the class still holds",
    AttemptMode.DELAYED: "Myth check again, weeks later",
}
NOT_STARTED, IN_PROGRESS, DONE = "not started", "in progress", "done"


def quiz_label(kind: str, title: str, mode: str = AttemptMode.FULL) -> str:
    """How a quiz is named on teacher pages: the two myth checks share a title,
    and a review or delayed assignment is named by what it is for."""
    return MODE_LABELS.get(mode) or QUIZ_LABELS.get(kind, title)


def student_ids(classroom_id: int | None) -> sa.Select:
    """The learners a report covers: a class's members, or every student."""
    if classroom_id is None:
        return sa.select(User.id).where(User.role == "student")
    return sa.select(Membership.user_id).where(Membership.classroom_id == classroom_id)


def course_order():
    """Sort key of quizzes as a learner meets them: the myth check, the lessons, the final check."""
    return sa.case((Quiz.kind == QuizKind.PRE, 0), (Quiz.kind == QuizKind.LESSON, 1), else_=2)


def best_percent():
    return 100.0 * Attempt.n_correct / sa.func.nullif(Attempt.n_items, 0)


@dataclass
class ClassSummary:
    classroom: Classroom
    students: int
    assignments: int


def class_summaries(teacher_id: int | None) -> list[ClassSummary]:
    """A teacher's classes (every class when None), open ones first, with counts."""
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
    if teacher_id is not None:
        query = query.where(Classroom.teacher_id == teacher_id)
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
        .where(Answer.user_id.in_(student_ids(classroom_id)))
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


def member_count(classroom_id: int) -> int:
    return db.session.execute(
        sa.select(sa.func.count()).select_from(student_ids(classroom_id).subquery())
    ).scalar()


def is_member(classroom_id: int, user_id: int) -> bool:
    return (
        db.session.get(Membership, {"classroom_id": classroom_id, "user_id": user_id}) is not None
    )


def class_assignments(classroom_id: int) -> list[Assignment]:
    """A class's assignments (review quizzes and delayed myth checks too) with their
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


def assignable_quizzes() -> list[tuple[str, str]]:
    """(quiz id, label) of everything a teacher can assign, in course order."""
    rows = db.session.execute(
        db.select(Quiz.id, Quiz.kind, Quiz.title)
        .outerjoin(Lesson, Lesson.id == Quiz.lesson_id)
        .where(Quiz.kind.in_((QuizKind.PRE, QuizKind.LESSON, QuizKind.POST)))
        .where(sa.or_(Quiz.lesson_id.is_(None), Lesson.active))
        .order_by(course_order(), Quiz.position)
    ).all()
    return [(quiz_id, quiz_label(kind, title)) for quiz_id, kind, title in rows]


@dataclass
class Cell:
    status: str
    percent: int | None = None

    @property
    def sort_value(self) -> float:
        if self.status == DONE:
            return self.percent or 0
        return -1 if self.status == IN_PROGRESS else -2


@dataclass
class GridRow:
    user_id: int
    username: str
    cells: list[Cell]

    @property
    def done(self) -> int:
        return sum(cell.status == DONE for cell in self.cells)


def progress_grid(classroom_id: int, assignments: list[Assignment]) -> list[GridRow]:
    """One row per student, one cell per assignment: best score, in progress or not started.

    A lesson or myth check counts every full attempt at its quiz; a review quiz or
    delayed myth check counts the attempts made for that very assignment."""
    students = db.session.execute(
        db.select(User.id, User.username)
        .where(User.id.in_(student_ids(classroom_id)))
        .order_by(User.username)
    ).all()
    cells = _grid_cells(classroom_id, assignments)
    return [
        GridRow(
            user_id,
            username,
            [cells.get((user_id, _cell_key(a)), Cell(NOT_STARTED)) for a in assignments],
        )
        for user_id, username in students
    ]


def _cell_key(assignment: Assignment) -> str:
    return assignment.quiz_id if assignment.mode == AttemptMode.FULL else f"#{assignment.id}"


def _grid_cells(classroom_id: int, assignments: list[Assignment]) -> dict[tuple[int, str], Cell]:
    """(student, cell key) -> Cell, from the class's attempts at what was assigned."""
    full_quizzes = [a.quiz_id for a in assignments if a.mode == AttemptMode.FULL]
    follow_ups = [a.id for a in assignments if a.mode != AttemptMode.FULL]
    finished = Attempt.finished_at.is_not(None)
    figures = (sa.func.max(sa.case((finished, best_percent()))), sa.func.count().filter(finished))
    members = Attempt.user_id.in_(student_ids(classroom_id))
    by_quiz = (
        sa.select(Attempt.user_id, Attempt.quiz_id.label("key"), *figures)
        .where(members, Attempt.quiz_id.in_(full_quizzes), Attempt.mode == AttemptMode.FULL)
        .group_by(Attempt.user_id, Attempt.quiz_id)
    )
    by_assignment = (
        sa.select(Attempt.user_id, ("#" + sa.cast(Attempt.assignment_id, sa.String)), *figures)
        .where(members, Attempt.assignment_id.in_(follow_ups))
        .group_by(Attempt.user_id, Attempt.assignment_id)
    )
    rows = db.session.execute(sa.union_all(by_quiz, by_assignment)).all()
    return {
        (user_id, key): Cell(DONE, round(best or 0)) if n_finished else Cell(IN_PROGRESS)
        for user_id, key, best, n_finished in rows
    }


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


def assigned_to(user_id: int, today: date) -> list[AssignedItem]:
    """What the learner's open classes assigned them: overdue first, then by due date, done last."""
    finished = (
        sa.select(Attempt.quiz_id, sa.func.max(best_percent()).label("best"))
        .where(Attempt.user_id == user_id, Attempt.finished_at.is_not(None))
        .where(Attempt.mode == AttemptMode.FULL)
        .group_by(Attempt.quiz_id)
        .subquery()
    )
    # A review or delayed test is done by an attempt made for that very assignment.
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
        db.select(Assignment.id, Quiz.id, Quiz.kind, Quiz.title, Classroom.name, Assignment.due_on)
        .add_columns(best, Assignment.mode)
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
        AssignedItem(aid, qid, kind, quiz_label(kind, title, mode), name, due, best, today, mode)
        for aid, qid, kind, title, name, due, best, mode in rows
    ]


@dataclass
class AttemptSummary:
    attempt: Attempt
    label: str


def student_attempts(user_id: int) -> list[AttemptSummary]:
    """Every attempt of one learner, newest first."""
    rows = db.session.execute(
        db.select(Attempt, Quiz.kind, Quiz.title)
        .join(Quiz, Quiz.id == Attempt.quiz_id)
        .where(Attempt.user_id == user_id)
        .order_by(Attempt.started_at.desc(), Attempt.id.desc())
    ).all()
    return [AttemptSummary(attempt, quiz_label(kind, title)) for attempt, kind, title in rows]


@dataclass
class AnswerRow:
    attempt_id: int
    stem: str
    picked: str
    is_correct: bool
    certainty: int
    myth: str | None


def student_answers(user_id: int) -> dict[int, list[AnswerRow]]:
    """One learner's answers grouped by attempt, each with the myth a wrong pick reflects."""
    rows = db.session.execute(
        db.select(
            Answer.attempt_id,
            Question.stem,
            Choice.text,
            Answer.is_correct,
            Answer.certainty,
            Myth.statement,
        )
        .join(Question, Question.id == Answer.question_id)
        .join(Choice, Choice.id == Answer.choice_id)
        .outerjoin(Myth, Myth.id == Choice.myth_id)
        .where(Answer.user_id == user_id)
        .order_by(Answer.attempt_id, Answer.answered_at, Answer.id)
    ).all()
    grouped: dict[int, list[AnswerRow]] = {}
    for row in rows:
        grouped.setdefault(row[0], []).append(AnswerRow(*row))
    return grouped
