"""Writing assignments: add several at once, change a due date, remove one."""

from __future__ import annotations

from datetime import date

from ..content import AttemptMode
from ..extensions import db
from ..models import Assignment, Attempt, Classroom


def assign(classroom: Classroom, quiz_ids: list[str], due_on: date | None) -> tuple[int, int]:
    """Assign each quiz not yet assigned to the class, all in one commit.

    Returns (added, already assigned).
    """
    existing = set(
        db.session.execute(
            db.select(Assignment.quiz_id).filter_by(
                classroom_id=classroom.id, mode=AttemptMode.FULL
            )
        ).scalars()
    )
    new = [quiz_id for quiz_id in dict.fromkeys(quiz_ids) if quiz_id not in existing]
    db.session.add_all(
        Assignment(classroom_id=classroom.id, quiz_id=quiz_id, mode=AttemptMode.FULL, due_on=due_on)
        for quiz_id in new
    )
    db.session.commit()
    return len(new), len(quiz_ids) - len(new)


def remove(assignment: Assignment) -> None:
    """Delete the assignment; attempts made for it stay, no longer linked to it."""
    db.session.execute(
        db.update(Attempt).filter_by(assignment_id=assignment.id).values(assignment_id=None)
    )
    db.session.delete(assignment)
    db.session.commit()
