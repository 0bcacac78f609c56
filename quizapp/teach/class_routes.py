"""Classes: create, rename, archive, join code, roster, and the lessons assigned."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from .. import clock
from ..confirm import Question, ask, confirmed
from ..database import writes_late
from ..extensions import db
from ..forms import ButtonForm, form_page, require_button
from ..models import Classroom
from ..quiz_labels import quiz_label
from ..reports import classes
from ..reports.scope import Scope
from ..templating import spaced_code
from ..users.resets import one_time_password_message, password_question, reset_password
from . import bp
from .access import class_assignment, class_student, own_classroom, teacher_only, to_class
from .classes import assign, join_url, remove_member, save_with_fresh_code, unassign
from .forms import AssignForm, ClassForm, DueDateForm


@bp.get("/")
@teacher_only
def dashboard():
    """The teacher's classes, open ones first; an admin sees every class."""
    summaries = classes.class_summaries(
        Scope() if current_user.role == "admin" else Scope(teacher_id=current_user.id)
    )
    return render_template("teach/dashboard.html", summaries=summaries)


@bp.route("/classes/new", methods=["GET", "POST"])
@teacher_only
def new_class():
    """Create a class; it gets a fresh join code at once."""
    form = ClassForm()
    if form.validate_on_submit():
        classroom = Classroom(
            teacher_id=current_user.id, name=form.name.data, timezone=form.timezone.data or None
        )
        save_with_fresh_code(classroom)
        flash(f"Class “{classroom.name}” created. Share the code with your students.", "success")
        return to_class(classroom.id)
    return form_page("teach/class_form.html", form, classroom=None)


@bp.get("/classes/<int:classroom_id>")
@teacher_only
def classroom(classroom_id: int):
    """A class at a glance: its join code and link, and its assignments."""
    classroom = own_classroom(classroom_id)
    return render_template(
        "teach/classroom.html",
        classroom=classroom,
        join_url=join_url(classroom),
        assignments=classes.class_assignments(classroom.id),
        students=Scope(classroom_id=classroom.id).learner_count(),
        lessons=classes.course_lessons(),
        button=ButtonForm(),
    )


@bp.route("/classes/<int:classroom_id>/edit", methods=["GET", "POST"])
@teacher_only
def rename(classroom_id: int):
    """Rename a class or change its time zone."""
    classroom = own_classroom(classroom_id)
    form = ClassForm(obj=classroom)
    if form.validate_on_submit():
        classroom.name = form.name.data
        classroom.timezone = form.timezone.data or None
        db.session.commit()
        flash("Class saved.", "success")
        return to_class(classroom.id)
    return form_page("teach/class_form.html", form, classroom=classroom)


@bp.post("/classes/<int:classroom_id>/archive")
@teacher_only
def archive(classroom_id: int):
    """Archive an open class (its code stops working), or reopen an archived one."""
    classroom = own_classroom(classroom_id)
    require_button()
    if not classroom.archived_at and not confirmed():
        return ask(
            Question(
                f"Archive “{classroom.name}”?",
                "Its join code stops working and its students no longer see its "
                "assignments. Their answers stay, and you can reopen the class later.",
                "Archive class",
                url_for("teach.classroom", classroom_id=classroom.id),
            )
        )
    classroom.archived_at = None if classroom.archived_at else clock.now()
    db.session.commit()
    flash("Class archived." if classroom.archived_at else "Class reopened.", "success")
    return to_class(classroom.id)


@bp.post("/classes/<int:classroom_id>/code")
@teacher_only
def rotate_code(classroom_id: int):
    """Give the class a new join code; the old code and link stop working."""
    classroom = own_classroom(classroom_id)
    require_button()
    if not confirmed():
        return ask(
            Question(
                f"Give “{classroom.name}” a new join code?",
                "The old code, link and QR code stop working at once; students who "
                "have not joined yet will need the new code.",
                "Make a new code",
                url_for("teach.classroom", classroom_id=classroom.id),
            )
        )
    save_with_fresh_code(classroom)
    flash(f"New code: {spaced_code(classroom.join_code)}. The old one no longer works.", "success")
    return to_class(classroom.id)


@bp.get("/classes/<int:classroom_id>/students")
@teacher_only
def roster(classroom_id: int):
    """The students of a class and when each was last active."""
    classroom = own_classroom(classroom_id)
    return render_template(
        "teach/roster.html",
        classroom=classroom,
        roster=classes.roster(classroom.id),
        button=ButtonForm(),
    )


@bp.post("/classes/<int:classroom_id>/students/<int:user_id>/remove")
@teacher_only
def remove_student(classroom_id: int, user_id: int):
    """Take a student out of the class; their own answers stay theirs."""
    classroom = own_classroom(classroom_id)
    student = class_student(classroom, user_id)
    require_button()
    if not confirmed():
        return ask(
            Question(
                f"Remove {student.username} from “{classroom.name}”?",
                "They leave the class and you no longer see their work here; their "
                "own answers stay theirs. They can join again with the code.",
                f"Remove {student.username}",
                url_for("teach.roster", classroom_id=classroom.id),
            )
        )
    remove_member(classroom.id, student.id)
    flash(f"{student.username} was removed from the class.", "success")
    return to_class(classroom.id, "teach.roster")


@bp.post("/classes/<int:classroom_id>/students/<int:user_id>/password")
@writes_late
@teacher_only
def reset_student_password(classroom_id: int, user_id: int):
    """Give a student of the class who forgot their password a one-time one."""
    classroom = own_classroom(classroom_id)
    student = class_student(classroom, user_id)
    if student.role != "student":
        abort(404)
    require_button()
    student_page = url_for("teach.student", classroom_id=classroom.id, user_id=student.id)
    if not confirmed():
        return ask(password_question(student.username, student_page))
    password = reset_password(student, current_user._get_current_object())
    flash(one_time_password_message(student.username, password), "success")
    return redirect(student_page, code=303)


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
        added, skipped = assign(classroom, form.quiz_ids.data, form.due_on.data)
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
    unassign(assignment)
    flash("Assignment removed.", "success")
    return to_class(classroom_id)
