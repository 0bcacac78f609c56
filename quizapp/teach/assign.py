"""Assignments: which lessons a class should do, and by when."""

from flask import abort, flash

from ..extensions import db
from ..models import Assignment, Classroom
from ..quiz_labels import quiz_label
from ..reports import classes
from . import assignments, bp
from .access import own_classroom, teacher_only, to_class
from .forms import AssignForm, ButtonForm, DueDateForm, form_page, require_button


def class_assignment(classroom_id: int, assignment_id: int) -> tuple[Classroom, Assignment]:
    """An assignment of a class the current user may open; anything else is a 404."""
    classroom = own_classroom(classroom_id)
    assignment = db.get_or_404(Assignment, assignment_id)
    if assignment.classroom_id != classroom.id:
        abort(404)
    return classroom, assignment


def assigned_message(added: int, skipped: int) -> str:
    message = f"Assigned {added} {'lesson' if added == 1 else 'lessons'}."
    if skipped:
        message += f" {skipped} {'was' if skipped == 1 else 'were'} assigned already."
    return message


@bp.route("/classes/<int:classroom_id>/assignments/new", methods=["GET", "POST"])
@teacher_only
def new_assignment(classroom_id: int):
    """Assign one or more lessons (or a myth check), with an optional due date."""
    classroom = own_classroom(classroom_id)
    form = AssignForm()
    form.quiz_ids.choices = classes.assignable_quizzes()
    if form.validate_on_submit():
        added, skipped = assignments.assign(classroom, form.quiz_ids.data, form.due_on.data)
        flash(assigned_message(added, skipped), "success")
        return to_class(classroom.id)
    return form_page("teach/assign.html", form, classroom=classroom)


@bp.route(
    "/classes/<int:classroom_id>/assignments/<int:assignment_id>/edit", methods=["GET", "POST"]
)
@teacher_only
def edit_assignment(classroom_id: int, assignment_id: int):
    """Change or clear an assignment's due date."""
    classroom, assignment = class_assignment(classroom_id, assignment_id)
    form = DueDateForm(obj=assignment)
    if form.validate_on_submit():
        assignment.due_on = form.due_on.data
        db.session.commit()
        flash("Due date saved.", "success")
        return to_class(classroom_id)
    return form_page(
        "teach/assignment.html",
        form,
        classroom=classroom,
        assignment=assignment,
        label=quiz_label(assignment.quiz.kind, assignment.quiz.title, assignment.mode),
        button=ButtonForm(),
    )


@bp.post("/classes/<int:classroom_id>/assignments/<int:assignment_id>/delete")
@teacher_only
def delete_assignment(classroom_id: int, assignment_id: int):
    """Remove an assignment; the answers students gave stay theirs."""
    _, assignment = class_assignment(classroom_id, assignment_id)
    require_button()
    assignments.remove(assignment)
    flash("Assignment removed.", "success")
    return to_class(classroom_id)
