"""The learner's own account: download my data, change my password, delete my account."""

import json

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ..auth.routes import safe_next
from ..database import writes_late
from ..extensions import limiter
from ..forms import form_page
from ..security import loads_no_user_now
from ..users.accounts import choose_own_password
from ..users.changes import UserChangeRefused
from ..users.data import admin_views, classes_taught, delete_own_account, personal_data
from . import bp
from .forms import ChangePasswordForm, DeleteAccountForm, NewPasswordForm

# What a learner with a one-time password may still open: this page, log out, help.
OPEN_WITH_ONE_TIME_PASSWORD = {"account.new_password", "auth.logout", "learn.get_help", "static"}


@bp.before_app_request
def require_own_password():
    """After a reset, nothing but choosing a new password (or logging out)."""
    if loads_no_user_now():
        return None
    if (
        current_user.is_authenticated
        and current_user.must_change_password
        and request.endpoint not in OPEN_WITH_ONE_TIME_PASSWORD
    ):
        come_back = request.full_path.rstrip("?") if request.method == "GET" else None
        return redirect(url_for("account.new_password", next=come_back), code=303)
    return None


@bp.get("/")
@login_required
def index():
    """What we keep about you, and what you can do with it."""
    return render_template("account/index.html", admin_views=admin_views(current_user.id))


@bp.get("/my-data.json")
@login_required
def download():
    """Everything stored about the signed-in person, as a JSON file."""
    body = json.dumps(personal_data(current_user), indent=2, ensure_ascii=False)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="mythcheck-my-data.json"'},
    )


@bp.route("/password", methods=["GET", "POST"])
@writes_late
@limiter.limit("10 per minute", methods=["POST"])
@login_required
def change_password():
    """A new password; every other session of this account ends.

    Both hashes (checking the old password, making the new one) run before the
    write lock is taken, so other students' answers never wait for them."""
    form = ChangePasswordForm()
    user = current_user._get_current_object()
    if form.validate_on_submit():
        if user.check_password(form.current.data):
            choose_own_password(user, form.password.data)
            login_user(user)
            flash(_("Password changed. You are logged out everywhere else."), "success")
            return redirect(url_for("account.index"), code=303)
        form.current.errors.append(_("That is not your current password."))
    return form_page("account/password.html", form)


@bp.route("/new-password", methods=["GET", "POST"])
@writes_late
@limiter.limit("10 per minute", methods=["POST"])
@login_required
def new_password():
    """Choose your own password after a teacher or admin set a one-time one."""
    user = current_user._get_current_object()
    if not user.must_change_password:
        return redirect(safe_next(user), code=303)
    form = NewPasswordForm()
    if form.validate_on_submit():
        choose_own_password(user, form.password.data)
        login_user(user)
        flash(_("Password saved. Use it from now on."), "success")
        return redirect(safe_next(user), code=303)
    return form_page("account/new_password.html", form)


@bp.route("/delete", methods=["GET", "POST"])
@writes_late
@limiter.limit("10 per minute", methods=["POST"])
@login_required
def delete():
    """Delete the account for good, after the password confirms it (checked before the
    write lock is taken). The last admin cannot delete theirs."""
    form = DeleteAccountForm()
    teaching = classes_taught(current_user)
    if not teaching and form.validate_on_submit():
        if current_user.check_password(form.password.data):
            try:
                delete_own_account(current_user._get_current_object())
            except UserChangeRefused as refusal:
                form.password.errors.append(str(refusal))
            else:
                logout_user()
                flash(_("Your account and personal data are deleted."), "info")
                return redirect(url_for("learn.home"), code=303)
        else:
            form.password.errors.append(_("That is not your password."))
    return form_page("account/delete.html", form, teaching=teaching)
