"""Joining a class by typing its code, or by its link or QR code (any signed-in user)."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from ..extensions import limiter
from ..models import Classroom
from . import join_bp
from .forms import JoinForm, form_page
from .joincodes import JoinError, classroom_to_join, join


def joined(classroom: Classroom):
    """Join (once) and go home, where the class's assignments now show."""
    if classroom.teacher_id == current_user.id:
        flash(f"You teach “{classroom.name}”, so there is nothing to join.", "info")
    elif join(classroom, current_user.id):
        flash(f"You joined “{classroom.name}”. Its lessons are under Assigned to you.", "success")
    else:
        flash(f"You are already in “{classroom.name}”.", "info")
    return redirect(url_for("learn.home"), code=303)


@join_bp.route("/join", methods=["GET", "POST"])
@login_required
@limiter.limit("30 per minute", methods=["POST"])
def by_code():
    """Type the class code your teacher gave you."""
    form = JoinForm()
    if form.validate_on_submit():
        try:
            return joined(classroom_to_join(form.code.data))
        except JoinError as error:
            form.code.errors = [str(error)]
    return form_page("teach/join.html", form)


@join_bp.get("/join/<code>")
@login_required
def by_link(code: str):
    """The join link (and QR code): shows the class, one button to join it."""
    form = JoinForm(code=code)
    try:
        classroom = classroom_to_join(code)
    except JoinError as error:
        form.code.errors = [str(error)]
        return render_template("teach/join.html", form=form), 404
    return render_template("teach/join_confirm.html", form=form, classroom=classroom)
