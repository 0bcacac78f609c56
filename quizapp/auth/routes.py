from urllib.parse import urlsplit

from flask import current_app, flash, g, redirect, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy.exc import IntegrityError

from ..database import writes_late
from ..extensions import db, limiter
from ..forms import form_page
from ..security import mark_session_active
from ..users.accounts import AccountError, authenticate, create_user, normalize_username
from . import bp
from .forms import LoginForm, RegisterForm

ROLE_HOMES = {"teacher": "teach.dashboard", "admin": "admin.overview"}


def home_for(user) -> str:
    """Where a role works: a teacher's classes, the admin overview, a student's lessons."""
    return url_for(ROLE_HOMES.get(user.role, "learn.home"))


def safe_next(user) -> str:
    """The ?next= target when it is a local path, else the user's own home."""
    target = request.args.get("next", "")
    return target if is_local_path(target) else home_for(user)


def is_local_path(target: str) -> bool:
    """One leading slash, no scheme or host, no backslash or control character:
    browsers read `/\\evil.example` and `/<tab>/evil.example` as `//evil.example`."""
    parts = urlsplit(target)
    return (
        target.startswith("/")
        and not target.startswith("//")
        and not parts.scheme
        and not parts.netloc
        and "\\" not in target
        and target.isprintable()
    )


def _start_session(user) -> None:
    """A fresh session for the signed-in user: nothing from before login (such as a
    CSRF token an attacker planted) carries over (ASVS 7.2.4)."""
    session.clear()
    g.pop("csrf_token", None)  # Flask-WTF caches the old token for the request
    login_user(user)
    mark_session_active()


def _username_key() -> str:
    return "login:" + normalize_username(request.form.get("username", ""))[:40]


def _refused(response) -> bool:
    """Only a failed login counts against a limit: a class signing in costs nothing."""
    return response.status_code != 303


def _logins_per_address() -> str:
    return current_app.config["LOGINS_PER_ADDRESS"]


def _signups_per_address() -> str:
    return current_app.config["SIGNUPS_PER_ADDRESS"]


# Password guessing is limited per username; the per-address limits (config.py)
# only stop a flood, and a whole school behind one NAT address stays far under them.
LOGINS_PER_USERNAME = "10 per minute"


@bp.route("/login", methods=["GET", "POST"])
@writes_late
@limiter.limit(_logins_per_address, methods=["POST"], deduct_when=_refused)
@limiter.limit(LOGINS_PER_USERNAME, methods=["POST"], key_func=_username_key, deduct_when=_refused)
def login():
    """Log in with username and password."""
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.username.data, form.password.data)
        if user:
            _start_session(user)
            return redirect(safe_next(user), code=303)
        form.password.errors.append(_("That username and password do not match."))
    return form_page("auth/login.html", form)


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_signups_per_address, methods=["POST"])
def register():
    """Create a student account: a username and a password, nothing else."""
    if current_user.is_authenticated:
        return redirect(url_for("learn.home"))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            language = str(get_locale())
            user = create_user(form.username.data, form.password.data, language=language)
            db.session.commit()
        except (AccountError, IntegrityError):
            db.session.rollback()
            form.username.errors.append(_("That username is taken. Please choose another."))
        else:
            _start_session(user)
            target = safe_next(user)
            flash(_welcome(leads_home=target == home_for(user)), "success")
            return redirect(target, code=303)
    return form_page("auth/register.html", form)


def _welcome(leads_home: bool) -> str:
    """A new account's greeting: it points to the myth check only on the way home, not
    on the way to what brought them (a class code, a live session)."""
    if leads_home:
        return _("Welcome! Start with the short myth check.")
    return _("Welcome! Your account is ready.")


@bp.post("/logout")
@login_required
def logout():
    """End the session everywhere: the stored token changes, old cookies stop working."""
    language = current_user.language
    current_user.rotate_session()
    db.session.commit()
    logout_user()
    session["language"] = language
    flash(_("You are logged out."), "info")
    return redirect(url_for("auth.login"), code=303)
