"""Joining a class by typing its code, or by its link or QR code (any signed-in user);
the code and QR code on the teacher's projector; leaving a class."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..extensions import db, limiter
from ..forms import ButtonForm, form_page, require_button
from ..models import Classroom, Membership
from ..teach.access import own_classroom, teacher_only
from ..teach.classes import JoinError, classroom_to_join, join, join_url, qr_svg, remove_member
from . import bp
from .forms import JoinForm

# A school behind one address never reaches the per-address limit; a learner
# trying code after code is stopped by the per-account limit on wrong codes.
JOINS_PER_ADDRESS = "300 per minute"
WRONG_CODES_PER_ACCOUNT = "10 per minute"


def _account_key() -> str:
    return f"join:{current_user.get_id()}"


def _wrong_code(response) -> bool:
    return response.status_code >= 400


def code_guessing_limits(per_address: str):
    """Both join limits, for routes that take a code; the wrong codes of an account
    count together whether typed or opened as a link, a class's or a live session's."""

    def decorator(view):
        view = limiter.shared_limit(
            WRONG_CODES_PER_ACCOUNT,
            scope="join-code",
            key_func=_account_key,
            deduct_when=_wrong_code,
            methods=["GET", "POST"],
        )(view)
        return limiter.limit(per_address, methods=["GET", "POST"])(view)

    return decorator


limit_code_guessing = code_guessing_limits(JOINS_PER_ADDRESS)


def joined(classroom: Classroom):
    """Join (once) and go home, where the class's assignments now show."""
    if classroom.teacher_id == current_user.id:
        flash(_("You teach “%(name)s”, so there is nothing to join.", name=classroom.name), "info")
    elif join(classroom, current_user.id):
        flash(
            _("You joined “%(name)s”. Its lessons are under Assigned to you.", name=classroom.name),
            "success",
        )
    else:
        flash(_("You are already in “%(name)s”.", name=classroom.name), "info")
    return redirect(url_for("learn.home"), code=303)


@bp.route("/join", methods=["GET", "POST"])
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
    return form_page("join/join.html", form)


@bp.get("/join/<code>")
@limit_code_guessing
def by_link(code: str):
    """The join link (and QR code): shows the class, one button to join it. Someone
    signed out (a phone scanning the QR code) signs up first and comes back here."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.register", next=url_for("join.by_link", code=code)))
    form = JoinForm(code=code)
    try:
        classroom = classroom_to_join(code)
    except JoinError as error:
        form.code.errors = [str(error)]
        return render_template("join/join.html", form=form), 404
    return render_template("join/join_confirm.html", form=form, classroom=classroom)


def joined_classroom(classroom_id: int) -> Classroom:
    """A class the current user is in; a class they are not in is a 404."""
    membership = db.session.get(
        Membership, {"classroom_id": classroom_id, "user_id": current_user.id}
    )
    if membership is None:
        abort(404)
    return db.session.get(Classroom, classroom_id)


@bp.get("/classes/<int:classroom_id>/leave")
@login_required
def leave_confirm(classroom_id: int):
    """Ask before a learner leaves a class."""
    classroom = joined_classroom(classroom_id)
    return render_template("join/leave.html", classroom=classroom, form=ButtonForm())


@bp.post("/classes/<int:classroom_id>/leave")
@login_required
def leave(classroom_id: int):
    """Leave a class: its teacher no longer sees this learner; their answers stay theirs."""
    name = joined_classroom(classroom_id).name
    require_button()
    remove_member(classroom_id, current_user.id)
    flash(_("You left “%(name)s”.", name=name), "success")
    return redirect(url_for("learn.home"), code=303)


@bp.get("/teach/classes/<int:classroom_id>/qr")
@teacher_only
def qr_code(classroom_id: int):
    """The join code and a big QR code of the join link, for a projector."""
    classroom = own_classroom(classroom_id)
    url = join_url(classroom)
    return render_template("join/qr.html", classroom=classroom, join_url=url, qr=qr_svg(url))
