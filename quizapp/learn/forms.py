from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectChoice, SubmitField
from wtforms.validators import InputRequired

from ..scoring import CERTAINTY_LABELS


class AnswerForm(FlaskForm):
    """One answer. Choices are filled per question; tampered values fail validation."""

    # A label of its own (never shown): the default one is translated, which loads
    # WTForms' catalog on every request that builds the form.
    question_id = HiddenField(label="", validators=[InputRequired()])
    choice = RadioField(
        _l("Your answer"), coerce=int, validators=[InputRequired(message=_l("Pick an answer."))]
    )
    certainty = RadioField(
        _l("How sure are you?"),
        coerce=int,
        choices=[SelectChoice(value, label) for value, label in CERTAINTY_LABELS.items()],
        validators=[InputRequired(message=_l("Say how sure you are."))],
    )
    submit = SubmitField(_l("Check answer"))


class StartForm(FlaskForm):
    """A bare form: only the CSRF token, for POST buttons."""

    submit = SubmitField(_l("Start"))
