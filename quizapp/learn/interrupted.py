"""Requests that arrive after the session ended: say so plainly and, after logging
in, come back to the page the person was on (the same question, the results), never
to a POST's own URL."""

from urllib.parse import urlsplit

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
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_login.utils import login_url
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from .. import attempts, errors
from ..extensions import db, login_manager
from ..models import Attempt
from . import bp
from .cards import swaps_card, varies_by_htmx

LOGGED_OUT = _l("You were logged out. Your earlier answers are saved; log in to go on.")
NOT_DONE = _l("You were logged out, so that was not done. Log in, then try again.")


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
        flash(str(LOGGED_OUT), "info")
        return varies_by_htmx(redirect(login_url))
    body = render_template("learn/_logged_out.html", login_url=login_url, message=LOGGED_OUT)
    return varies_by_htmx(make_response(body, 401))


def shows_a_page(path: str) -> bool:
    """True when a GET of this local path reaches a view (not a POST-only URL)."""
    adapter = current_app.url_map.bind("", url_scheme=request.scheme)
    try:
        adapter.match(urlsplit(path).path, method="GET")
    except HTTPException:
        return False
    return True


def page_sent_from() -> str | None:
    """The local page whose form sent this request (the browser says so in Referer)."""
    if not request.referrer:
        return None
    parts = urlsplit(request.referrer)
    if parts.netloc != request.host:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def page_to_return_to() -> str:
    """The page a POST was sent from, for the login to come back to: the question or
    the attempt (its results once finished), else the page of the form."""
    args = request.view_args or {}
    if request.endpoint == "learn.answer":
        return question_url(args.get("attempt_id", 0), request.form.get("question_id", ""))
    if "attempt_id" in args:
        return url_for("learn.resume", attempt_id=args["attempt_id"])
    for candidate in (page_sent_from(), request.path):
        if candidate and shows_a_page(candidate):
            return candidate
    return url_for("learn.home")


def logged_out_post():
    """The login page, saying what became of the request, then back to where it came
    from. A 302, as Flask-Login sends for any signed-out request."""
    flash(str(LOGGED_OUT if "attempt_id" in (request.view_args or {}) else NOT_DONE), "info")
    return redirect(url_for("auth.login", next=page_to_return_to()))


@login_manager.unauthorized_handler
def logged_out():
    """A signed-out visit to a page: log in, then that page. A signed-out POST (the
    session ended or idled out while the page was open): log in, then the page it
    was sent from."""
    if request.method != "GET":
        return logged_out_post()
    flash(str(login_manager.login_message), login_manager.login_message_category)
    return redirect(login_url(login_manager.login_view, next_url=request.url))


@bp.app_errorhandler(CSRFError)
def session_gone(error: CSRFError):
    """A POST sent after the session cookie itself was gone (the browser was closed,
    the tab restored, the cookie cleared) fails the CSRF check before the view runs.
    A form that lacks its token while the session lives is refused as usual."""
    session_gone = current_app.config["WTF_CSRF_FIELD_NAME"] not in session
    if not session_gone or current_user.is_authenticated or request.blueprint == "auth":
        return errors.csrf_error(error)
    if request.endpoint == "learn.answer":
        attempt_id = (request.view_args or {}).get("attempt_id", 0)
        return logged_out_mid_quiz(attempt_id, request.form.get("question_id", ""))
    return logged_out_post()
