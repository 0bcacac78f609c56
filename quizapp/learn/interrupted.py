"""Quiz requests that arrive after the session ended: say so plainly and come back
to the same question after logging in (not to the POST's own URL)."""

from flask import (
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from .. import attempts, errors
from ..extensions import db
from ..models import Attempt
from . import bp
from .cards import swaps_card, varies_by_htmx

LOGGED_OUT = "You were logged out. Your earlier answers are saved; log in to go on."


def question_url(attempt_id: int, question_id: str) -> str:
    """The page of this question (it checks who may see it), else the attempt's
    first open question."""
    attempt = db.session.get(Attempt, attempt_id)
    position = attempts.position_of(attempt, question_id) if attempt else None
    if position is None:
        return url_for("learn.resume", attempt_id=attempt_id)
    return url_for("learn.question", attempt_id=attempt_id, position=position)


def logged_out_mid_quiz(attempt_id: int, question_id: str):
    """A card that says so for htmx (401, swapped in place), or for a plain form the
    login page with the message, coming back to the question afterwards."""
    login_url = url_for("auth.login", next=question_url(attempt_id, question_id))
    if not swaps_card():
        flash(LOGGED_OUT, "info")
        return varies_by_htmx(redirect(login_url))
    body = render_template("learn/_logged_out.html", login_url=login_url, message=LOGGED_OUT)
    return varies_by_htmx(make_response(body, 401))


@bp.errorhandler(CSRFError)
def session_gone(error: CSRFError):
    """An answer sent after the session cookie itself was gone (the browser was
    closed, the tab restored) fails the CSRF check before the view runs. A form
    that lacks its token while the session lives is refused as usual."""
    session_gone = current_app.config["WTF_CSRF_FIELD_NAME"] not in session
    if request.endpoint == "learn.answer" and session_gone and not current_user.is_authenticated:
        attempt_id = (request.view_args or {}).get("attempt_id", 0)
        return logged_out_mid_quiz(attempt_id, request.form.get("question_id", ""))
    return errors.csrf_error(error)
