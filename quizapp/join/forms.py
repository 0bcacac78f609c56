from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired


class JoinForm(FlaskForm):
    code = StringField(
        _l("Class code"),
        description=_l(
            "Six letters and numbers from your teacher. Capitals and spaces do not matter."
        ),
        validators=[DataRequired(message=_l("Type the class code your teacher gave you."))],
        filters=[lambda value: value.strip() if value else value],
    )
    submit = SubmitField(_l("Join class"))
