from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectChoice, SubmitField
from wtforms.validators import InputRequired

from ..scoring import CERTAINTY_LABELS


class AnswerForm(FlaskForm):
    """One answer. Choices are filled per question; tampered values fail validation."""

    question_id = HiddenField(validators=[InputRequired()])
    choice = RadioField(
        "Your answer", coerce=int, validators=[InputRequired(message="Pick an answer.")]
    )
    certainty = RadioField(
        "How sure are you?",
        coerce=int,
        choices=[SelectChoice(value, label) for value, label in CERTAINTY_LABELS.items()],
        validators=[InputRequired(message="Say how sure you are.")],
    )
    submit = SubmitField("Check answer")


class StartForm(FlaskForm):
    """A bare form: only the CSRF token, for POST buttons."""

    submit = SubmitField("Start")
