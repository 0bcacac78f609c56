"""Classes: create, rename, archive, join code, roster, and the lessons assigned."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from .. import clock
from ..confirm import Question, ask, confirmed
from ..database import writes_late
from ..extensions import db
from ..forms import ButtonForm, form_page, require_button
from ..lti.roster import course_of_class
from ..lti.teach_routes import lms_panel
from ..models import Classroom
from ..quiz_labels import label_of
from ..reading import course_language
from ..reports import classes
from ..reports import live as live_reports
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
        flash(
            _("Class “%(name)s” created. Share the code with your students.", name=classroom.name),
            "success",
        )
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
        live_sessions=live_reports.sessions_of_class(classroom.id),
        button=ButtonForm(),
        lms=lms_panel(classroom.id),
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
        flash(_("Class saved."), "success")
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
                _("Archive “%(name)s”?", name=classroom.name),
                _(
                    "Its join code stops working and its students no longer see its "
                    "assignments. Their answers stay, and you can reopen the class later."
                ),
                _("Archive class"),
                url_for("teach.classroom", classroom_id=classroom.id),
            )
        )
    classroom.archived_at = None if classroom.archived_at else clock.now()
    db.session.commit()
    flash(_("Class archived.") if classroom.archived_at else _("Class reopened."), "success")
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
                _("Give “%(name)s” a new join code?", name=classroom.name),
                _(
                    "The old code, link and QR code stop working at once; students who "
                    "have not joined yet will need the new code."
                ),
                _("Make a new code"),
                url_for("teach.classroom", classroom_id=classroom.id),
            )
        )
    save_with_fresh_code(classroom)
    new_code = spaced_code(classroom.join_code)
    flash(_("New code: %(code)s. The old one no longer works.", code=new_code), "success")
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
                _(
                    "Remove %(student)s from “%(name)s”?",
                    student=student.username,
                    name=classroom.name,
                ),
                removal_consequence(classroom.id),
                _("Remove %(student)s", student=student.username),
                url_for("teach.roster", classroom_id=classroom.id),
            )
        )
    remove_member(classroom.id, student.id)
    flash(_("%(student)s was removed from the class.", student=student.username), "success")
    return to_class(classroom.id, "teach.roster")


def removal_consequence(classroom_id: int) -> str:
    said = _(
        "They leave the class and you no longer see their work here; their "
        "own answers stay theirs. They can join again with the code."
    )
    if course_of_class(classroom_id) is None:
        return said
    lms = _(
        "This class is your LMS course: they are back in it the next time they open "
        "MythCheck from the course. To keep them out, remove them from the LMS course."
    )
    return f"{said} {lms}"


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
    message = ngettext("Assigned %(num)s lesson.", "Assigned %(num)s lessons.", added)
    if skipped:
        already = ngettext(
            "%(num)s was assigned already.", "%(num)s were assigned already.", skipped
        )
        message += " " + already
    return message


@bp.route("/classes/<int:classroom_id>/assignments/new", methods=["GET", "POST"])
@teacher_only
def new_assignment(classroom_id: int):
    """Assign one or more lessons (or a myth check), with an optional due date."""
    classroom = own_classroom(classroom_id)
    form = AssignForm()
    form.quiz_ids.choices = classes.assignable_quizzes(course_language())
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
        flash(_("Due date saved."), "success")
        return to_class(classroom_id)
    return form_page(
        "teach/assignment.html",
        form,
        classroom=classroom,
        assignment=assignment,
        label=label_of(assignment.quiz, assignment.mode),
        button=ButtonForm(),
    )


@bp.post("/classes/<int:classroom_id>/assignments/<int:assignment_id>/delete")
@teacher_only
def delete_assignment(classroom_id: int, assignment_id: int):
    """Remove an assignment; the answers students gave stay theirs."""
    _classroom, assignment = class_assignment(classroom_id, assignment_id)
    require_button()
    unassign(assignment)
    flash(_("Assignment removed."), "success")
    return to_class(classroom_id)
