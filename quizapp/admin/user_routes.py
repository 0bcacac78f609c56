"""Admin pages about accounts: search, one account, its role, access and password."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..confirm import Question, ask, confirmed
from ..database import writes_late
from ..extensions import db
from ..forms import ButtonForm, require_button
from ..models import User
from ..users import accounts
from ..users.changes import (
    ROLE_CHANGES,
    ROLE_NAMES,
    UserChangeRefused,
    change_role,
    set_disabled,
)
from ..users.resets import one_time_password_message, password_question, reset_password, resets_of
from . import bp
from .forms import AccessForm, RoleForm, UserSearchForm
from .routes import admin_only

USERS_PER_PAGE = 50
MAX_PAGE = 10_000


@bp.get("/users")
@admin_only
def users():
    """Every account, searchable by name and role, 50 to a page."""
    form = UserSearchForm(formdata=request.args)
    text, role = (form.q.data or "", form.role.data) if form.validate() else ("", None)
    # Bounded: a huge ?page= would overflow the database's OFFSET (a 500 on PostgreSQL).
    number = min(max(request.args.get("page", 1, type=int), 1), MAX_PAGE)
    page = db.paginate(
        accounts.search(text, role), page=number, per_page=USERS_PER_PAGE, error_out=False
    )
    return render_template("admin/users.html", form=form, page=page, searched=text)


@bp.get("/users/<int:user_id>")
@admin_only
def user(user_id: int):
    """One account: its role, and whether it may log in."""
    account = db.get_or_404(User, user_id)
    return render_template(
        "admin/user.html",
        account=account,
        role_form=RoleForm(role=account.role),
        access_form=AccessForm(action="enable" if account.is_disabled else "disable"),
        button=ButtonForm(),
        resets=resets_of(account.id),
    )


@bp.post("/users/<int:user_id>/role")
@admin_only
def set_role(user_id: int):
    """Give an account another role (never leaving the app without an active admin)."""
    account = db.get_or_404(User, user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        abort(400, _("Pick one of the roles listed, then try again. Nothing was changed."))
    role = form.role.data
    if not confirmed():
        return ask(
            Question(
                _("Make %(name)s a %(role)s?", name=account.username, role=ROLE_NAMES[role]),
                str(ROLE_CHANGES.get(role, "")),
                _("Make %(name)s a %(role)s", name=account.username, role=ROLE_NAMES[role]),
                url_for("admin.user", user_id=account.id),
            )
        )
    done = _("%(name)s is now a %(role)s.", name=account.username, role=ROLE_NAMES[role])
    return _apply(done, change_role, account, role)


@bp.post("/users/<int:user_id>/access")
@admin_only
def set_access(user_id: int):
    """Disable an account (ending its sessions at once) or enable it again."""
    account = db.get_or_404(User, user_id)
    form = AccessForm()
    if not form.validate_on_submit():
        abort(400)
    disable = form.action.data == "disable"
    if disable and not confirmed():
        return ask(
            Question(
                _("Disable %(name)s?", name=account.username),
                _(
                    "They are logged out everywhere at once and cannot log in until an admin "
                    "enables the account again. Their answers stay in the results."
                ),
                _("Disable %(name)s", name=account.username),
                url_for("admin.user", user_id=account.id),
            )
        )
    if disable:
        done = _("%(name)s is disabled and logged out everywhere.", name=account.username)
    else:
        done = _("%(name)s is enabled again.", name=account.username)
    return _apply(done, set_disabled, account, disable, current_user)


def _apply(message: str, change, account: User, *args):
    """Run one account change: commit and say so, or roll back and say why not."""
    try:
        change(account, *args)
    except UserChangeRefused as refused:
        db.session.rollback()
        flash(str(refused), "error")
    else:
        db.session.commit()
        flash(message, "success")
    return redirect(url_for("admin.user", user_id=account.id), code=303)


@bp.post("/users/<int:user_id>/password")
@writes_late
@admin_only
def reset_user_password(user_id: int):
    """Give an account whose owner forgot the password a one-time one (never your own)."""
    account = db.get_or_404(User, user_id)
    require_button()
    if account.id == current_user.id:
        flash(_("Change your own password on your account page."), "error")
        return redirect(url_for("admin.user", user_id=account.id), code=303)
    if not confirmed():
        return ask(password_question(account.username, url_for("admin.user", user_id=account.id)))
    password = reset_password(account, current_user._get_current_object())
    flash(one_time_password_message(account.username, password), "success")
    return redirect(url_for("admin.user", user_id=account.id), code=303)
