"""Joining a class by typing its code, or by its link or QR code (any signed-in user)."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from ..extensions import limiter
from ..models import Classroom
from . import join_bp
from .forms import JoinForm, form_page
from .joincodes import JoinError, classroom_to_join, join

# A school behind one address never reaches the per-address limit; a learner
# trying code after code is stopped by the per-account limit on wrong codes.
JOINS_PER_ADDRESS = "300 per minute"
WRONG_CODES_PER_ACCOUNT = "10 per minute"


def _account_key() -> str:
    return f"join:{current_user.get_id()}"


def _wrong_code(response) -> bool:
    return response.status_code >= 400


def limit_code_guessing(view):
    """Both join limits, on the routes that take a code; the wrong codes of an account
    count together whether typed or opened as a link."""
    view = limiter.shared_limit(
        WRONG_CODES_PER_ACCOUNT,
        scope="join-code",
        key_func=_account_key,
        deduct_when=_wrong_code,
        methods=["GET", "POST"],
    )(view)
    return limiter.limit(JOINS_PER_ADDRESS, methods=["GET", "POST"])(view)


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
@limit_code_guessing
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
@limit_code_guessing
def by_link(code: str):
    """The join link (and QR code): shows the class, one button to join it."""
    form = JoinForm(code=code)
    try:
        classroom = classroom_to_join(code)
    except JoinError as error:
        form.code.errors = [str(error)]
        return render_template("teach/join.html", form=form), 404
    return render_template("teach/join_confirm.html", form=form, classroom=classroom)
