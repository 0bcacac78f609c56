"""One-time passwords for learners who forgot theirs (MythCheck sends no email).

A teacher may set one for a student of their own classes, an admin for anyone
but themselves. The password is made here and shown once to whoever set it.
Setting it ends every session of the account, and at the next login its owner
must choose a password of their own before anything else. Each reset is kept
(who, whose, when) for the admins.
"""

import secrets

import sqlalchemy as sa
from flask_babel import gettext as _

from ..confirm import Question
from ..database import write_transaction
from ..extensions import db
from ..models import PasswordReset, User, hash_password

# No 0/o, 1/l/i: the teacher reads it out or writes it on a slip of paper.
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
GROUPS, GROUP_LENGTH = 3, 4


def one_time_password() -> str:
    """Like "k7mq-xw3t-p9ra": 60 random bits, easy to read out."""
    groups = ("".join(secrets.choice(ALPHABET) for _ in range(GROUP_LENGTH)) for _ in range(GROUPS))
    return "-".join(groups)


def reset_password(user: User, reset_by: User) -> str:
    """Give the account a one-time password, committed, and return it. The hash is
    made before the write lock is taken (the view is `writes_late`)."""
    password = one_time_password()
    new_hash = hash_password(password)
    with write_transaction():
        user.set_password_hash(new_hash)  # also rotates the session token: old sessions end
        user.must_change_password = True
        db.session.add(PasswordReset(user_id=user.id, reset_by_id=reset_by.id))
    return password


def resets_of(user_id: int) -> list[sa.Row]:
    """When this account's password was reset and by whom, newest first."""
    by = sa.orm.aliased(User)
    return list(
        db.session.execute(
            sa.select(PasswordReset.at, by.username.label("by"), by.role.label("by_role"))
            .outerjoin(by, by.id == PasswordReset.reset_by_id)
            .where(PasswordReset.user_id == user_id)
            .order_by(PasswordReset.at.desc(), PasswordReset.id.desc())
        )
    )


def password_question(username: str, cancel_url: str) -> Question:
    return Question(
        _("Set a one-time password for %(name)s?", name=username),
        _(
            "%(name)s is logged out everywhere and their old password stops working. "
            "You will see the one-time password once: give it to them privately. At their "
            "next login they choose a new password of their own.",
            name=username,
        ),
        _("Set a one-time password"),
        cancel_url,
    )


def one_time_password_message(username: str, password: str) -> str:
    return _(
        "One-time password for %(name)s: %(password)s — give it to them privately. "
        "They choose their own at their next login.",
        name=username,
        password=password,
    )
