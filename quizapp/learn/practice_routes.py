"""Spaced review, retrying missed questions, and assigned re-teaches and delayed tests."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.exceptions import Conflict

from .. import attempts, clock, practice, timezones
from ..content import AttemptMode
from ..extensions import db
from ..models import Assignment, Attempt, Classroom
from ..reports import learner
from ..teach.classes import is_member
from ..timezones import local_date
from . import bp
from .forms import StartForm
from .routes import own_attempt


def to_attempt(attempt: Attempt):
    return redirect(url_for("learn.resume", attempt_id=attempt.id), code=303)


def require_start_form() -> None:
    if not StartForm().validate_on_submit():
        abort(400)


@bp.get("/review")
@login_required
def spaced_review():
    """The myths due for spaced review today, and a button to start."""
    open_spaced_review = attempts.open_attempt(
        current_user.id, attempts.myth_probe_quiz().id, AttemptMode.MYTH_PROBE
    )
    return render_template(
        "learn/spaced_review.html",
        reviews=learner.reviews_due(current_user.id, clock.now()),
        open_spaced_review=open_spaced_review,
        start_form=StartForm(),
    )


@bp.post("/review/start")
@login_required
def start_spaced_review():
    """Start a spaced review of the myths due now (or resume the open one)."""
    require_start_form()
    attempt = practice.start_spaced_review(current_user.id, clock.now())
    if attempt is None:
        flash(_("Nothing to review right now. Come back when a review is due."), "info")
        return redirect(url_for("learn.spaced_review"), code=303)
    return to_attempt(attempt)


@bp.post("/attempts/<int:attempt_id>/retry")
@login_required
def retry(attempt_id: int):
    """Retry only the questions missed in this lesson quiz, as alternative questions."""
    attempt = own_attempt(attempt_id)
    require_start_form()
    try:
        return to_attempt(practice.start_retry(attempt))
    except Conflict as error:
        flash(error.description, "info")
        return redirect(url_for("learn.result", attempt_id=attempt.id), code=303)


def class_zone(assignment: Assignment) -> str | None:
    """The time zone of the assignment's class (None: the school's)."""
    return db.session.get(Classroom, assignment.classroom_id).timezone


def assigned_to_me(assignment_id: int) -> Assignment:
    """An assignment of an open class the learner belongs to; anything else is a 404."""
    assignment = db.get_or_404(Assignment, assignment_id)
    classroom = db.session.get(Classroom, assignment.classroom_id)
    if classroom.archived_at or not is_member(classroom.id, current_user.id):
        abort(404)
    return assignment


@bp.post("/assignments/<int:assignment_id>/start")
@login_required
def start_assignment(assignment_id: int):
    """Start an assigned re-teach of chosen myths, or a delayed myth check."""
    assignment = assigned_to_me(assignment_id)
    require_start_form()
    opens = assignment.available_on
    if opens and opens > timezones.today(class_zone(assignment)):
        flash(_("This opens on %(day)s.", day=local_date(opens, "month_day")), "info")
        return redirect(url_for("learn.home"), code=303)
    try:
        attempt = practice.start_assigned(current_user.id, assignment)
    except Conflict as error:
        flash(error.description, "info")
        return redirect(url_for("learn.home"), code=303)
    if attempt.assignment_id != assignment.id:
        flash(_("You already had a review open: finish it first, then start this one."), "info")
    return to_attempt(attempt)
