"""Creating, finding and checking accounts, and a person changing their own password."""

from functools import cache

import sqlalchemy as sa
from flask_babel import gettext as _
from werkzeug.security import check_password_hash, generate_password_hash

from ..database import write_transaction
from ..extensions import db
from ..models import ROLES, User, hash_password


class AccountError(ValueError):
    pass


def normalize_username(username: str) -> str:
    return username.strip().lower()


def find_user(username: str) -> User | None:
    return db.session.execute(
        db.select(User).filter_by(username=normalize_username(username))
    ).scalar_one_or_none()


def create_user(username: str, password: str, role: str = "student", language: str = "en") -> User:
    """Add a user (not committed); AccountError if the name is taken or the role unknown."""
    if role not in ROLES:
        raise AccountError(f"Unknown role '{role}': use one of {', '.join(ROLES)}.")
    user = User(username=normalize_username(username), role=role, language=language)
    # Hash before the first query: on SQLite a write request holds the write lock
    # from its first query on, and no one should wait through the hashing.
    user.set_password(password)
    if find_user(username):
        raise AccountError(_("That username is taken. Please choose another."))
    db.session.add(user)
    return user


def search(text: str = "", role: str | None = None) -> sa.Select:
    """Users whose name contains `text` (any role, or one), by name; a select to paginate."""
    query = sa.select(User).order_by(User.username)
    if text:
        query = query.where(User.username.contains(normalize_username(text), autoescape=True))
    if role:
        query = query.where(User.role == role)
    return query


@cache
def _dummy_hash() -> str:
    return generate_password_hash("no account has this password", method="scrypt")


def authenticate(username: str, password: str) -> User | None:
    """The user these credentials belong to, or None.

    An unknown username is checked against a dummy hash, so a refusal takes as
    long whether or not the account exists (the time does not tell usernames)."""
    user = find_user(username)
    if user is None:
        check_password_hash(_dummy_hash(), password)
        return None
    if not user.check_password(password) or user.is_disabled:
        return None
    return user


def choose_own_password(user: User, password: str) -> None:
    """The owner's own password replaces the old or one-time one, committed, and every
    other session ends. Hashed before the write lock is taken (the views are
    `writes_late`), so other students' answers never wait for it."""
    new_hash = hash_password(password)
    with write_transaction():
        user.set_password_hash(new_hash)
        user.must_change_password = False
