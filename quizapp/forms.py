"""Form helpers every blueprint shares: the one-button form and a form page's status."""

from flask import abort, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField


class ButtonForm(FlaskForm):
    """Only the CSRF token, for buttons that POST (archive, remove, leave, reset)."""

    submit = SubmitField(_l("Confirm"))


def require_button() -> None:
    """Refuse a button POST whose form did not validate (a missing or stale token)."""
    if not ButtonForm().validate_on_submit():
        abort(400)


def form_status() -> int:
    """200 when a form is first shown; 422 when a POST comes back to it, refused."""
    return 422 if request.method == "POST" else 200


def form_page(template: str, form: FlaskForm, **context):
    """The page of a form, with its status."""
    return render_template(template, form=form, **context), form_status()
