"""Re-teach and retention on the class myths page: one button assigns a review
quiz on the myths the class still holds, another schedules the delayed myth check."""

from __future__ import annotations

from datetime import timedelta

from flask import flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SubmitField
from wtforms.validators import InputRequired, NumberRange

from .. import clock
from ..models import Classroom
from ..reports import classes, myth_checks, myths
from ..reports.scope import Scope
from . import bp
from .access import own_classroom, teacher_only
from .followup import assign_review, schedule_delayed_test
from .forms import DueDateMixin, not_in_the_past

DELAY_WEEKS = 4


class ReteachForm(DueDateMixin, FlaskForm):
    share = IntegerField(
        "Myths held by at least this share of the class (%)",
        default=30,
        description="Each student gets one new question on each such myth, most widely held first.",
        validators=[
            InputRequired(message="Give a share from 1 to 100."),
            NumberRange(min=1, max=100, message="Give a share from 1 to 100."),
        ],
    )
    submit = SubmitField("Assign a review quiz")


class DelayedTestForm(FlaskForm):
    available_on = DateField(
        "Opens on",
        description="Students see the myth check again from this day; four weeks on is typical.",
        validators=[InputRequired(message="Pick the day it opens."), not_in_the_past],
    )
    submit = SubmitField("Schedule the delayed myth check")


def follow_up_context(classroom: Classroom, reteach=None, delayed=None) -> dict:
    """What the class myths page adds: confident misconceptions, re-teach and retention."""
    opens = clock.today() + timedelta(weeks=DELAY_WEEKS)
    scope = Scope(classroom_id=classroom.id)
    return {
        "reteach_form": reteach or ReteachForm(formdata=None),
        "delayed_form": delayed or DelayedTestForm(formdata=None, available_on=opens),
        "confident": myths.confident_misconceptions_by_myth(scope, limit=5, still_held=True),
        "follow_ups": classes.follow_ups(classroom.id),
        "students": scope.learner_count(),
        "retention": myth_checks.pre_post(scope).everyone,
    }


def to_myths(classroom: Classroom):
    return redirect(url_for("teach.myths", classroom_id=classroom.id), 303)


def form_errors(classroom: Classroom, **forms):
    context = follow_up_context(classroom, **forms)
    return render_template("teach/reteach.html", classroom=classroom, **context), 422


@bp.post("/classes/<int:classroom_id>/reteach")
@teacher_only
def reteach(classroom_id: int):
    """Assign a review quiz on the myths held by at least the chosen share of the class."""
    classroom = own_classroom(classroom_id)
    form = ReteachForm()
    if not form.validate_on_submit():
        return form_errors(classroom, reteach=form)
    assignment = assign_review(classroom, form.share.data / 100, form.due_on.data)
    if assignment is None:
        flash(f"No myth is held by {form.share.data}% of the class or more right now.", "info")
    else:
        count = len(assignment.myth_ids)
        flash(f"Assigned a review quiz on {count} {'myth' if count == 1 else 'myths'}.", "success")
    return to_myths(classroom)


@bp.post("/classes/<int:classroom_id>/delayed-test")
@teacher_only
def delayed_test(classroom_id: int):
    """Schedule the myth check again for a later day, to see what the class kept."""
    classroom = own_classroom(classroom_id)
    form = DelayedTestForm()
    if not form.validate_on_submit():
        return form_errors(classroom, delayed=form)
    assignment, created = schedule_delayed_test(classroom, form.available_on.data)
    opens = assignment.available_on
    verb = "scheduled" if created else "moved"
    flash(f"Delayed myth check {verb}: it opens on {opens:%B} {opens.day}.", "success")
    return to_myths(classroom)
