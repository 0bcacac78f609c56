from datetime import timedelta

from flask import abort, render_template
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from .. import timezones


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


class ButtonForm(FlaskForm):
    """Only the CSRF token, for buttons that POST (archive, rotate, remove)."""

    submit = SubmitField("Confirm")


def form_page(template: str, form: FlaskForm, **context):
    """The page of a form: 200 when first shown, 422 when what was sent did not validate."""
    return render_template(template, form=form, **context), 422 if form.errors else 200


def require_button() -> None:
    """Refuse a button POST whose form did not validate (a missing or stale token)."""
    if not ButtonForm().validate_on_submit():
        abort(400)


def not_in_the_past(form, field) -> None:
    # A day of slack: a class may keep a time zone other than the school's.
    if field.data and field.data < timezones.today() - timedelta(days=1):
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


class JoinForm(FlaskForm):
    code = StringField(
        "Class code",
        description="Six letters and numbers from your teacher. Capitals and spaces do not matter.",
        validators=[DataRequired(message="Type the class code your teacher gave you.")],
        filters=[lambda value: value.strip() if value else value],
    )
    submit = SubmitField("Join class")
