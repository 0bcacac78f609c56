"""Classes: create, rename, archive, join code and QR code, roster."""

from flask import flash, render_template
from flask_login import current_user

from ..extensions import db
from ..models import Classroom, Membership, utcnow
from ..reports import classes
from ..templating import public_url
from . import bp
from .access import class_student, own_classroom, teacher_only, to_class
from .forms import ButtonForm, ClassForm, form_page, require_button
from .joincodes import qr_svg, save_with_fresh_code, spaced


@bp.app_template_filter("join_code")
def join_code_filter(code: str) -> str:
    return spaced(code)


@bp.app_template_filter("quiz_label")
def quiz_label_filter(kind: str, title: str, mode: str = "full") -> str:
    return classes.quiz_label(kind, title, mode)


def join_url(classroom: Classroom) -> str:
    return public_url("join.by_link", code=classroom.join_code)


@bp.get("/")
@teacher_only
def dashboard():
    """The teacher's classes, open ones first; an admin sees every class."""
    summaries = classes.class_summaries(None if current_user.role == "admin" else current_user.id)
    return render_template("teach/dashboard.html", summaries=summaries)


@bp.route("/classes/new", methods=["GET", "POST"])
@teacher_only
def new_class():
    """Create a class; it gets a fresh join code at once."""
    form = ClassForm()
    if form.validate_on_submit():
        classroom = Classroom(teacher_id=current_user.id, name=form.name.data)
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
        students=classes.member_count(classroom.id),
        button=ButtonForm(),
    )


@bp.route("/classes/<int:classroom_id>/edit", methods=["GET", "POST"])
@teacher_only
def rename(classroom_id: int):
    """Rename a class."""
    classroom = own_classroom(classroom_id)
    form = ClassForm(obj=classroom)
    if form.validate_on_submit():
        classroom.name = form.name.data
        db.session.commit()
        flash("Class renamed.", "success")
        return to_class(classroom.id)
    return form_page("teach/class_form.html", form, classroom=classroom)


@bp.post("/classes/<int:classroom_id>/archive")
@teacher_only
def archive(classroom_id: int):
    """Archive an open class (its code stops working), or reopen an archived one."""
    classroom = own_classroom(classroom_id)
    require_button()
    classroom.archived_at = None if classroom.archived_at else utcnow()
    db.session.commit()
    flash("Class archived." if classroom.archived_at else "Class reopened.", "success")
    return to_class(classroom.id)


@bp.post("/classes/<int:classroom_id>/code")
@teacher_only
def rotate_code(classroom_id: int):
    """Give the class a new join code; the old code and link stop working."""
    classroom = own_classroom(classroom_id)
    require_button()
    save_with_fresh_code(classroom)
    flash(f"New code: {spaced(classroom.join_code)}. The old one no longer works.", "success")
    return to_class(classroom.id)


@bp.get("/classes/<int:classroom_id>/qr")
@teacher_only
def qr_code(classroom_id: int):
    """The join code and a big QR code of the join link, for a projector."""
    classroom = own_classroom(classroom_id)
    url = join_url(classroom)
    return render_template("teach/qr.html", classroom=classroom, join_url=url, qr=qr_svg(url))


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
    db.session.execute(
        db.delete(Membership).filter_by(classroom_id=classroom.id, user_id=student.id)
    )
    db.session.commit()
    flash(f"{student.username} was removed from the class.", "success")
    return to_class(classroom.id, "teach.roster")
