"""Friendly error pages (and the health routes): no traceback ever reaches a user."""

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy import text
from werkzeug.exceptions import HTTPException

from .extensions import db
from .health import database_takes_writes

MESSAGES = {
    400: _l("Something in that request was not right, so nothing was saved."),
    403: _l("This page is not for your account."),
    404: _l("We could not find that page."),
    405: _l("That action is not allowed here."),
    409: _l("That was already done, or cannot be done yet, so nothing changed."),
    413: _l("That was far more than any of our forms sends, so nothing was saved."),
    415: _l("This site takes what its own forms send, nothing else, so nothing was saved."),
    429: _l("Too many tries. Please wait a minute and try again."),
    500: _l("Something went wrong on our side. Your saved answers are safe."),
}
# A failed POST saved nothing: it must never read as "your answers are safe".
NOT_SAVED = _l(
    "Something went wrong on our side, so this was not saved. Go back and send it again; "
    "what you saved before is safe."
)


def render_error(code: int, message: str | None = None):
    body = render_template("errors/error.html", code=code, message=message or _message_for(code))
    return body, code


def csrf_error(error=None):
    return render_error(
        400,
        _(
            "Your form expired or was incomplete (missing security token), so nothing "
            "was saved. Go back, reload the page and try again."
        ),
    )


def _message_for(code: int) -> str:
    if code >= 500 and request.method == "POST":
        return NOT_SAVED
    return MESSAGES.get(code, MESSAGES[500])


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, csrf_error)

    @app.errorhandler(HTTPException)
    def http_error(error):
        # Our 400 and 409 descriptions are written for the learner; others are generic.
        description = error.description if error.code in (400, 409) else None
        return render_error(error.code or 500, description)

    @app.errorhandler(Exception)
    def server_error(error):
        app.logger.exception("Unhandled error")
        db.session.rollback()
        return render_error(500)

    @app.get("/healthz")
    def healthz():
        """200 when the database answers."""
        try:
            db.session.execute(text("SELECT 1"))
        except Exception:
            app.logger.exception("Health check failed")
            return jsonify(status="error"), 503
        return jsonify(status="ok")

    @app.get("/readyz")
    def readyz():
        """200 only when the database takes writes: a held SQLite write lock is a 503."""
        if not database_takes_writes():
            return jsonify(status="not ready", database="cannot take writes"), 503
        return jsonify(status="ok")
