"""The teacher's forms: a class, assigning lessons, a due date, the follow-ups."""

from datetime import timedelta

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from .. import clock, timezones


def known_zone(form, field) -> None:
    if field.data and not timezones.valid_zone(field.data):
        raise ValidationError("Pick a time zone from the list.")


class ClassForm(FlaskForm):
    name = StringField(
        "Class name",
        description="What your students will see, e.g. “Health, period 3”.",
        validators=[DataRequired(message="Give the class a name."), Length(max=80)],
        filters=[lambda value: value.strip() if value else value],
    )
    timezone = SelectField(
        "Time zone",
        description="Dates and times on this class's pages are shown in it.",
        validate_choice=False,
        validators=[known_zone],
    )
    submit = SubmitField("Save")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        school = timezones.school_zone_name()
        zones = [z for z in timezones.COMMON_ZONES if z != school]
        if self.timezone.data and self.timezone.data not in (school, *zones):
            zones.append(self.timezone.data)
        self.timezone.choices = [("", f"The school's: {school}")] + [(z, z) for z in zones]


def not_in_the_past(form, field) -> None:
    # A day of slack: the server counts days in UTC, the teacher in their own time zone.
    if field.data and field.data < clock.today() - timedelta(days=1):
        raise ValidationError("That date is in the past. Pick a later one, or leave it empty.")


class DueDateMixin:
    due_on = DateField(
        "Due date (optional)",
        description="Students see it on their home page; overdue work is listed first.",
        validators=[Optional(), not_in_the_past],
    )


class AssignForm(DueDateMixin, FlaskForm):
    quiz_ids = SelectMultipleField(
        "Lessons to assign",
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validators=[InputRequired(message="Pick at least one lesson.")],
    )
    submit = SubmitField("Assign")


class DueDateForm(DueDateMixin, FlaskForm):
    submit = SubmitField("Save due date")


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
