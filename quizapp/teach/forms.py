"""The teacher's forms: a class, assigning lessons, a due date, the follow-ups."""

from datetime import timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
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

from .. import timezones


def known_zone(form, field) -> None:
    if field.data and not timezones.valid_zone(field.data):
        raise ValidationError(_("Pick a time zone from the list."))


class ClassForm(FlaskForm):
    name = StringField(
        _l("Class name"),
        description=_l("What your students will see, e.g. “Health, period 3”."),
        validators=[DataRequired(message=_l("Give the class a name.")), Length(max=80)],
        filters=[lambda value: value.strip() if value else value],
    )
    timezone = SelectField(
        _l("Time zone"),
        description=_l("Dates and times on this class's pages are shown in it."),
        validate_choice=False,
        validators=[known_zone],
    )
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        school = timezones.school_zone_name()
        zones = [z for z in timezones.COMMON_ZONES if z != school]
        if self.timezone.data and self.timezone.data not in (school, *zones):
            zones.append(self.timezone.data)
        self.timezone.choices = [("", _("The school's: %(zone)s", zone=school))] + [
            (z, z) for z in zones
        ]


def not_in_the_past(form, field) -> None:
    # A day of slack: a class may keep a time zone other than the school's.
    if field.data and field.data < timezones.today() - timedelta(days=1):
        raise ValidationError(_("That date is in the past. Pick a later one, or leave it empty."))


class DueDateMixin:
    due_on = DateField(
        _l("Due date (optional)"),
        description=_l("Students see it on their home page; overdue work is listed first."),
        validators=[Optional(), not_in_the_past],
    )


class AssignForm(DueDateMixin, FlaskForm):
    quiz_ids = SelectMultipleField(
        _l("Lessons to assign"),
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validators=[InputRequired(message=_l("Pick at least one lesson."))],
    )
    submit = SubmitField(_l("Assign"))


class DueDateForm(DueDateMixin, FlaskForm):
    submit = SubmitField(_l("Save due date"))


class ReteachForm(DueDateMixin, FlaskForm):
    share = IntegerField(
        _l("Myths held by at least this share of the class (%)"),
        default=30,
        description=_l(
            "Each student gets one new question on each such myth, most widely held first."
        ),
        validators=[
            InputRequired(message=_l("Give a share from 1 to 100.")),
            NumberRange(min=1, max=100, message=_l("Give a share from 1 to 100.")),
        ],
    )
    submit = SubmitField(_l("Assign a review quiz"))


class DelayedTestForm(FlaskForm):
    available_on = DateField(
        _l("Opens on"),
        description=_l(
            "Students see the myth check again from this day; four weeks on is typical."
        ),
        validators=[InputRequired(message=_l("Pick the day it opens.")), not_in_the_past],
    )
    submit = SubmitField(_l("Schedule the delayed myth check"))
