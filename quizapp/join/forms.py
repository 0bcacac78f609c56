from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired


class JoinForm(FlaskForm):
    code = StringField(
        "Class code",
        description="Six letters and numbers from your teacher. Capitals and spaces do not matter.",
        validators=[DataRequired(message="Type the class code your teacher gave you.")],
        filters=[lambda value: value.strip() if value else value],
    )
    submit = SubmitField("Join class")
