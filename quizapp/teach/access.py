"""Who may open which class: its teacher, or an admin. Anyone else gets a 404."""

from flask import abort, redirect, url_for
from flask_login import current_user

from ..database import write_transaction
from ..extensions import db
from ..models import AdminView, Assignment, Classroom, User
from ..security import role_required
from .classes import is_member

teacher_only = role_required("teacher", "admin")


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


def note_admin_view(classroom: Classroom, student: User) -> None:
    """Record an admin opening a student's named answers in a class they do not teach:
    the student sees it under My data (their teacher opening them is expected)."""
    if current_user.role != "admin" or classroom.teacher_id == current_user.id:
        return
    with write_transaction() as session:
        session.add(
            AdminView(user_id=student.id, admin_id=current_user.id, classroom_id=classroom.id)
        )
