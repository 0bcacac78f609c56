"""Who may see what, and the headers every response carries."""

import logging
import uuid
from functools import wraps

import sqlalchemy as sa
from flask import Flask, abort, current_app, flash, g, has_app_context, request, session
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, logout_user
from werkzeug.routing import IntegerConverter

from . import clock
from .extensions import db, login_manager
from .models import User

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
MAX_DB_INT = 2**31 - 1


class DatabaseIntConverter(IntegerConverter):
    """`<int:...>` limited to what a database integer holds: a huge id is a 404,
    not an overflow error deep in the driver."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_DB_INT, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def role_required(*roles: str):
    """Anonymous users go to the login page; a signed-in user of another role gets 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def security_headers(hsts: bool) -> dict[str, str]:
    """The headers every response of ours carries (the live poll's waiter sends
    them too); a view that lets other sites frame its page sends its own CSP and no
    X-Frame-Options."""
    headers = {
        "Content-Security-Policy": CSP,
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    }
    if hsts:
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    return headers


def loads_no_user(view):
    """Mark a view that never needs the signed-in user (the live poll, once a second
    per phone where no waiter answers it): the idle check skips it, so it costs no
    database read. Such a view must not touch `current_user`, and does not count as
    activity."""
    view.loads_no_user = True
    return view


def loads_no_user_now() -> bool:
    """Whether this request's view is marked `loads_no_user`: hooks that would read
    `current_user` leave it alone."""
    view = current_app.view_functions.get(request.endpoint)
    return getattr(view, "loads_no_user", False)


# Built once: every request of a signed-in user runs it.
_USER_BY_TOKEN = db.select(User).where(
    User.session_token == sa.bindparam("token"), User.is_disabled.is_(False)
)


@login_manager.user_loader
def load_user(session_token: str) -> User | None:
    return db.session.execute(_USER_BY_TOKEN, {"token": session_token}).scalar_one_or_none()


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = g.get("request_id", "-") if has_app_context() else "-"
        return True


def _has_nul_byte() -> bool:
    values = [v for vs in request.values.listvalues() for v in vs]
    values += [str(v) for v in (request.view_args or {}).values()]
    return any("\x00" in value for value in values)


def _sends_what_no_form_sends() -> bool:
    """A JSON body or an uploaded file: no page of ours sends either."""
    return request.method in ("POST", "PUT", "PATCH", "DELETE") and (
        request.is_json or bool(request.files)
    )


def _minutes_now() -> int:
    return int(clock.now().timestamp() // 60)


def mark_session_active() -> None:
    """Note this minute as the session's last use (the cookie changes once a minute)."""
    now = _minutes_now()
    if session.get("seen") != now:
        session["seen"] = now


def _end_idle_session(idle_minutes: int) -> None:
    """Sign out a session unused for `idle_minutes` (a shared school computer left
    signed in); otherwise note its use."""
    if not current_user.is_authenticated:
        return
    seen = session.get("seen")
    if seen is None or _minutes_now() - seen <= idle_minutes:
        mark_session_active()
        return
    logout_user()
    session.clear()
    flash(
        _("You were logged out after %(minutes)s minutes without activity.", minutes=idle_minutes),
        "info",
    )


def init_app(app: Flask) -> None:
    # Before any blueprint is registered, so every <int:...> route uses it.
    app.url_map.converters["int"] = DatabaseIntConverter
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to continue.")
    login_manager.localize_callback = str
    # No binding to the address: a phone moving from Wi-Fi to mobile data stays signed
    # in. A copied cookie is stopped by the per-user token (logout, password change).
    login_manager.session_protection = None

    handler = logging.StreamHandler()
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s [%(request_id)s] %(message)s")
    )
    handler.addFilter(RequestIdFilter())
    app.logger.handlers[:] = [handler]
    app.logger.setLevel(logging.INFO)
    # Flask-Limiter says here, once, when Redis goes away and it counts per process.
    logging.getLogger("flask-limiter").handlers[:] = [handler]

    @app.before_request
    def assign_request_id():
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if 0 < len(incoming) <= 64 else uuid.uuid4().hex[:16]

    @app.before_request
    def refuse_json_and_files():
        """Forms only: a JSON body must not be a second, differently parsed way in."""
        if _sends_what_no_form_sends():
            abort(415)

    @app.before_request
    def end_idle_sessions():
        if not loads_no_user_now():
            _end_idle_session(app.config["IDLE_MINUTES"])

    @app.before_request
    def reject_nul_bytes():
        """No text we accept contains NUL; PostgreSQL would refuse it mid-request."""
        if _has_nul_byte():
            abort(
                400,
                _("The request contained a character we do not accept, so nothing was saved."),
            )

    @app.after_request
    def add_security_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CSP)
        framed = "frame-ancestors 'none'" not in headers["Content-Security-Policy"]
        for name, value in security_headers(app.config.get("HSTS")).items():
            if not (framed and name == "X-Frame-Options"):
                headers.setdefault(name, value)
        headers["X-Request-ID"] = g.get("request_id", "-")
        if request.endpoint != "static" and "Cache-Control" not in headers:
            headers["Cache-Control"] = "no-store" if current_user.is_authenticated else "no-cache"
        return response
