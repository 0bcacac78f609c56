"""Follow-up assignments: a review of the myths a class still holds, and the
myth check again weeks after the lessons (the delayed post-test)."""

from __future__ import annotations

from datetime import date

from ..content import POST_QUIZ, REVIEW_QUIZ
from ..extensions import db
from ..models import Assignment, Classroom
from ..reports import myths
from ..reports.scope import Scope
from ..review import REVIEW_SIZE


def assign_review(classroom: Classroom, share: float, due_on: date | None) -> Assignment | None:
    """Assign a review quiz on the myths held by at least `share` of the class,
    the most widely held first (at most REVIEW_SIZE); None when no myth qualifies."""
    myth_ids = myths.myths_held_by_share(Scope(classroom_id=classroom.id), share)[:REVIEW_SIZE]
    if not myth_ids:
        return None
    assignment = Assignment(
        classroom_id=classroom.id,
        quiz_id=REVIEW_QUIZ,
        mode="review",
        myth_ids=myth_ids,
        due_on=due_on,
    )
    db.session.add(assignment)
    db.session.commit()
    return assignment


def schedule_delayed_test(classroom: Classroom, available_on: date) -> tuple[Assignment, bool]:
    """Schedule the class's delayed myth check; one per class, so a second call moves
    its date. Returns the assignment and whether it is new."""
    assignment = db.session.execute(
        db.select(Assignment).filter_by(classroom_id=classroom.id, mode="delayed")
    ).scalar_one_or_none()
    created = assignment is None
    if created:
        assignment = Assignment(classroom_id=classroom.id, quiz_id=POST_QUIZ, mode="delayed")
        db.session.add(assignment)
    assignment.available_on = available_on
    db.session.commit()
    return assignment, created
