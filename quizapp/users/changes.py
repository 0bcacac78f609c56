"""Changing a role or disabling an account, never leaving the app without an admin.

The active admins are locked (SELECT ... FOR UPDATE on PostgreSQL; SQLite
writes one request at a time) before the check, so two admins demoting each
other at once cannot both succeed.
"""

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from ..extensions import db
from ..models import ROLES, User


class UserChangeRefused(ValueError):
    pass


def _other_active_admins(user_id: int) -> int:
    admins = db.session.execute(
        sa.select(User.id)
        .where(User.role == "admin", User.is_disabled.is_(False))
        .with_for_update()
    ).scalars()
    return sum(1 for admin_id in admins if admin_id != user_id)


def keeps_an_admin(user: User, refusal: str) -> None:
    """Refuse a change that would leave no active admin, saying why."""
    if user.role == "admin" and not user.is_disabled and not _other_active_admins(user.id):
        raise UserChangeRefused(refusal)


def change_role(user: User, role: str) -> None:
    """Give the user a new role (not committed)."""
    if role not in ROLES:
        raise UserChangeRefused(_("Unknown role '%(role)s'.", role=role))
    if role != "admin":
        refusal = _(
            "%(name)s is the last active admin, so they cannot be made a %(role)s. "
            "Make another account an admin first.",
            name=user.username,
            role=ROLE_NAMES[role],
        )
        keeps_an_admin(user, refusal)
    user.role = role


def set_disabled(user: User, disabled: bool, acting: User) -> None:
    """Disable (ending every session at once) or re-enable an account (not committed)."""
    if disabled == user.is_disabled:
        return
    if disabled and user.id == acting.id:
        raise UserChangeRefused(_("You cannot disable your own account."))
    if disabled:
        refusal = _(
            "%(name)s is the last active admin, so they cannot be disabled. "
            "Make another account an admin first.",
            name=user.username,
        )
        keeps_an_admin(user, refusal)
        user.rotate_session()
    user.is_disabled = disabled


ROLE_CHANGES = {
    "student": _l("They no longer see the teacher or admin pages."),
    "teacher": _l("They can make classes and see the answers of the students who join them."),
    "admin": _l("They can see every class and every answer, and manage every account."),
}
# A role as a heading or table cell says it, and as a word inside a sentence.
ROLE_LABELS = {
    "student": lazy_pgettext("role", "Student"),
    "teacher": lazy_pgettext("role", "Teacher"),
    "admin": lazy_pgettext("role", "Admin"),
}
ROLE_NAMES = {
    "student": lazy_pgettext("role", "student"),
    "teacher": lazy_pgettext("role", "teacher"),
    "admin": lazy_pgettext("role", "admin"),
}


def role_label(role: str) -> str:
    return str(ROLE_LABELS.get(role, role))
