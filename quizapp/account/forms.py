from flask_wtf import FlaskForm
from wtforms import PasswordField, SubmitField
from wtforms.validators import EqualTo, InputRequired, Length

from ..users.passwords import PasswordPolicy


class NewPasswordForm(FlaskForm):
    password = PasswordField(
        "New password",
        description="At least 8 characters. A short sentence is easy to remember.",
        validators=[InputRequired(message="Type a new password."), PasswordPolicy()],
    )
    confirm = PasswordField(
        "Repeat new password",
        validators=[InputRequired(), EqualTo("password", message="The passwords do not match.")],
    )
    submit = SubmitField("Save my password")


class ChangePasswordForm(NewPasswordForm):
    current = PasswordField(
        "Current password",
        validators=[InputRequired(message="Type your current password."), Length(max=256)],
    )
    submit = SubmitField("Change password")


class DeleteAccountForm(FlaskForm):
    password = PasswordField(
        "Your password",
        validators=[InputRequired(message="Type your password to confirm."), Length(max=256)],
    )
    submit = SubmitField("Delete my account")
