"""The progress grid of a class: one row per student, one cell per assignment."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from ..content import AttemptMode
from ..extensions import db
from ..models import Assignment, Attempt, User
from .classes import best_percent
from .scope import Scope

NOT_STARTED, IN_PROGRESS, DONE = "not started", "in progress", "done"


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

    A lesson or myth check counts every full attempt at its quiz; a re-teach quiz or
    delayed myth check counts the attempts made for that very assignment."""
    students = db.session.execute(
        db.select(User.id, User.username)
        .where(User.id.in_(Scope(classroom_id=classroom_id).learners()))
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
    members = Attempt.user_id.in_(Scope(classroom_id=classroom_id).learners())
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
