"""Changing a role or disabling an account, never leaving the app without an admin.

The active admins are locked (SELECT ... FOR UPDATE on PostgreSQL; SQLite
writes one request at a time) before the check, so two admins demoting each
other at once cannot both succeed.
"""

import sqlalchemy as sa

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


def keeps_an_admin(user: User, action: str) -> None:
    """Refuse a change that would leave no active admin."""
    if user.role == "admin" and not user.is_disabled and not _other_active_admins(user.id):
        raise UserChangeRefused(
            f"{user.username} is the last active admin, so they cannot be {action}. "
            "Make another account an admin first."
        )


def change_role(user: User, role: str) -> None:
    """Give the user a new role (not committed)."""
    if role not in ROLES:
        raise UserChangeRefused(f"Unknown role '{role}'.")
    if role != "admin":
        keeps_an_admin(user, "made a " + role)
    user.role = role


def set_disabled(user: User, disabled: bool, acting: User) -> None:
    """Disable (ending every session at once) or re-enable an account (not committed)."""
    if disabled == user.is_disabled:
        return
    if disabled and user.id == acting.id:
        raise UserChangeRefused("You cannot disable your own account.")
    if disabled:
        keeps_an_admin(user, "disabled")
        user.rotate_session()
    user.is_disabled = disabled


ROLE_CHANGES = {
    "student": "They no longer see the teacher or admin pages.",
    "teacher": "They can make classes and see the answers of the students who join them.",
    "admin": "They can see every class and every answer, and manage every account.",
}
