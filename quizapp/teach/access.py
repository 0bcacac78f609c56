"""Who may open which class: its teacher, or an admin. Anyone else gets a 404."""

import sqlalchemy as sa
from flask import abort, redirect, url_for
from flask_login import current_user

from .. import clock, timezones
from ..database import write_transaction
from ..extensions import db
from ..models import AdminView, Assignment, Classroom, Membership, User
from ..security import role_required
from .classes import is_member

teacher_only = role_required("teacher", "admin")

# The teacher pages that name students, as AdminView.page records them.
ANSWERS, PROGRESS, PROGRESS_CSV = "answers", "progress", "progress_csv"
MYTH_HOLDERS = "myth_holders"


def own_classroom(classroom_id: int) -> Classroom:
    """The class, if the current user teaches it or is an admin; a 404 leaks nothing."""
    classroom = db.get_or_404(Classroom, classroom_id)
    if classroom.teacher_id != current_user.id and current_user.role != "admin":
        abort(404)
    return classroom


def class_student(classroom: Classroom, user_id: int) -> User:
    """A student of this class; anyone else is a 404."""
    if not is_member(classroom.id, user_id):
        abort(404)
    return db.get_or_404(User, user_id)


def class_assignment(classroom_id: int, assignment_id: int) -> tuple[Classroom, Assignment]:
    """An assignment of a class the current user may open; anything else is a 404."""
    classroom = own_classroom(classroom_id)
    assignment = db.get_or_404(Assignment, assignment_id)
    if assignment.classroom_id != classroom.id:
        abort(404)
    return classroom, assignment


def to_class(classroom_id: int, endpoint: str = "teach.classroom"):
    """The 303 redirect after a change: back to a page of the class."""
    return redirect(url_for(endpoint, classroom_id=classroom_id), code=303)


def is_admin_visit(classroom: Classroom) -> bool:
    """An admin on a page of a class they do not teach (its teacher is expected there)."""
    return current_user.role == "admin" and classroom.teacher_id != current_user.id


def note_admin_view(classroom: Classroom, student: User) -> None:
    """Record an admin opening a student's named answers in a class they do not teach:
    the student sees it under My data."""
    if not is_admin_visit(classroom):
        return
    with write_transaction() as session:
        session.add(
            AdminView(user_id=student.id, admin_id=current_user.id, classroom_id=classroom.id)
        )


def note_admin_class_view(classroom: Classroom, page: str, named=None) -> None:
    """Record, for every student of the class a page names (all of them, or the ids in
    `named`), an admin opening it; once a day per admin, class and page, so a reload
    does not fill My data."""
    if not is_admin_visit(classroom):
        return
    now = clock.now()
    today_began = timezones.day_start(timezones.today(classroom.timezone), classroom.timezone)
    seen_today = sa.exists().where(
        AdminView.user_id == Membership.user_id,
        AdminView.admin_id == current_user.id,
        AdminView.classroom_id == classroom.id,
        AdminView.page == page,
        AdminView.viewed_at >= today_began,
    )
    students = sa.select(
        Membership.user_id,
        sa.literal(current_user.id),
        sa.literal(classroom.id),
        sa.literal(page),
        sa.literal(now, sa.DateTime),
    ).where(Membership.classroom_id == classroom.id, ~seen_today)
    if named is not None:
        students = students.where(Membership.user_id.in_(named))
    columns = ["user_id", "admin_id", "classroom_id", "page", "viewed_at"]
    with write_transaction() as session:
        session.execute(sa.insert(AdminView).from_select(columns, students))
