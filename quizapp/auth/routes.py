from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy.exc import IntegrityError

from ..accounts import AccountError, authenticate, create_user
from ..extensions import db, limiter
from . import bp
from .forms import LoginForm, RegisterForm


def _safe_next() -> str:
    """The ?next= target when it is a local path, else the home page."""
    target = request.args.get("next", "")
    parts = urlsplit(target)
    if target.startswith("/") and not target.startswith("//") and not parts.netloc:
        return target
    return url_for("learn.home")


def _username_key() -> str:
    return "login:" + request.form.get("username", "").strip().lower()[:40]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
@limiter.limit("10 per minute", methods=["POST"], key_func=_username_key)
def login():
    """Log in with username and password."""
    if current_user.is_authenticated:
        return redirect(url_for("learn.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.username.data, form.password.data)
        if user:
            login_user(user)
            return redirect(_safe_next(), code=303)
        form.password.errors.append("That username and password do not match.")
    return render_template("auth/login.html", form=form), 200 if request.method == "GET" else 422


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def register():
    """Create a student account: a username and a password, nothing else."""
    if current_user.is_authenticated:
        return redirect(url_for("learn.home"))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = create_user(form.username.data, form.password.data)
            db.session.commit()
        except (AccountError, IntegrityError):
            db.session.rollback()
            form.username.errors.append("That username is taken. Please choose another.")
        else:
            login_user(user)
            flash("Welcome! Start with the short myth check.", "success")
            return redirect(_safe_next(), code=303)
    return render_template("auth/register.html", form=form), 200 if request.method == "GET" else 422


@bp.post("/logout")
@login_required
def logout():
    """End the session everywhere: the stored token changes, old cookies stop working."""
    current_user.rotate_session()
    db.session.commit()
    logout_user()
    flash("You are logged out.", "info")
    return redirect(url_for("auth.login"), code=303)
