from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SubmitField
from wtforms.validators import EqualTo, InputRequired, Length

from ..users.passwords import PasswordPolicy


class NewPasswordForm(FlaskForm):
    password = PasswordField(
        _l("New password"),
        description=_l("At least 8 characters. A short sentence is easy to remember."),
        validators=[InputRequired(message=_l("Type a new password.")), PasswordPolicy()],
    )
    confirm = PasswordField(
        _l("Repeat new password"),
        validators=[
            InputRequired(),
            EqualTo("password", message=_l("The passwords do not match.")),
        ],
    )
    submit = SubmitField(_l("Save my password"))


class ChangePasswordForm(NewPasswordForm):
    current = PasswordField(
        _l("Current password"),
        validators=[InputRequired(message=_l("Type your current password.")), Length(max=256)],
    )
    submit = SubmitField(_l("Change password"))


class DeleteAccountForm(FlaskForm):
    password = PasswordField(
        _l("Your password"),
        validators=[InputRequired(message=_l("Type your password to confirm.")), Length(max=256)],
    )
    submit = SubmitField(_l("Delete my account"))
