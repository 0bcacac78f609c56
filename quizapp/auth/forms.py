from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import EqualTo, InputRequired, Length, Regexp

from ..users.passwords import PasswordPolicy

USERNAME_RULE = Regexp(
    r"^[A-Za-z0-9_.-]+$",
    message="Use only letters, numbers, dots, dashes and underscores.",
)


class LoginForm(FlaskForm):
    username = StringField("Username", validators=[InputRequired(), Length(max=40)])
    password = PasswordField("Password", validators=[InputRequired(), Length(max=256)])
    submit = SubmitField("Log in")


class RegisterForm(FlaskForm):
    username = StringField(
        "Username",
        description="Not your real name: 3–40 letters, numbers, dots, dashes or underscores.",
        validators=[InputRequired(), Length(min=3, max=40), USERNAME_RULE],
    )
    password = PasswordField(
        "Password",
        description="At least 8 characters. A short sentence is easy to remember.",
        validators=[InputRequired(), PasswordPolicy()],
    )
    confirm = PasswordField(
        "Repeat password",
        validators=[InputRequired(), EqualTo("password", message="The passwords do not match.")],
    )
    submit = SubmitField("Create account")
