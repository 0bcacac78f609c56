"""The forms of a live session: the teacher's new session and controls, the
student's code and nickname. The answer form is the quiz card's (learn/forms.py)."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, IntegerField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from .service import TIMER_CHOICES


def _strip(value):
    return value.strip() if value else value


def one_of_the_choices(form, field) -> None:
    if field.data not in {value for value, _label in field.choices}:
        raise ValidationError(_("Choose the questions."))


class NewSessionForm(FlaskForm):
    source = SelectField(
        _l("Questions"),
        description=_l("One lesson's quiz, the myth check, or the myths your class holds most."),
        validate_choice=False,
        validators=[one_of_the_choices],
    )
    timer = SelectField(
        _l("Time per question"),
        coerce=int,
        default=0,
    )
    class_goal = BooleanField(_l("Show a class goal: myths this class busted today"))
    nicknames = BooleanField(
        _l("Show a leaderboard of nicknames students choose (never their names)")
    )
    submit = SubmitField(_l("Open the session"))

    def __init__(self, *args, sources=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.source.choices = list(sources)
        self.timer.choices = [
            (s, _l("No timer") if s == 0 else _l("%(num)s seconds", num=s)) for s in TIMER_CHOICES
        ]


class ControlForm(FlaskForm):
    """One control button: the action, and the version the page showed."""

    action = HiddenField(validators=[DataRequired()])
    version = IntegerField(validators=[InputRequired()])


class CodeForm(FlaskForm):
    code = StringField(
        _l("Session code"),
        description=_l("The six letters and numbers on your teacher's screen."),
        validators=[DataRequired(message=_l("Type the code on your teacher's screen."))],
        filters=[_strip],
    )
    submit = SubmitField(_l("Go"))


class JoinSessionForm(FlaskForm):
    nickname = StringField(
        _l("Nickname (optional)"),
        description=_l(
            "Shown on the class leaderboard instead of your name. Leave it empty to stay off it."
        ),
        validators=[Optional(), Length(max=24)],
        filters=[_strip],
    )
    submit = SubmitField(_l("Join the session"))
