from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import EqualTo, InputRequired, Length, Regexp

from ..users.passwords import PasswordPolicy

USERNAME_RULE = Regexp(
    r"^[A-Za-z0-9_.-]+$",
    message=_l("Use only letters, numbers, dots, dashes and underscores."),
)


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[InputRequired(), Length(max=40)])
    password = PasswordField(_l("Password"), validators=[InputRequired(), Length(max=256)])
    submit = SubmitField(_l("Log in"))


class RegisterForm(FlaskForm):
    username = StringField(
        _l("Username"),
        description=_l("Not your real name: 3–40 letters, numbers, dots, dashes or underscores."),
        validators=[InputRequired(), Length(min=3, max=40), USERNAME_RULE],
    )
    password = PasswordField(
        _l("Password"),
        description=_l("At least 8 characters. A short sentence is easy to remember."),
        validators=[InputRequired(), PasswordPolicy()],
    )
    confirm = PasswordField(
        _l("Repeat password"),
        validators=[
            InputRequired(),
            EqualTo("password", message=_l("The passwords do not match.")),
        ],
    )
    submit = SubmitField(_l("Create account"))
