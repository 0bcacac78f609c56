"""People and what is recorded about them: accounts, one-time passwords, and the
admin views of named students each student can see under My data."""

from __future__ import annotations

import secrets
from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from .. import clock
from ..extensions import db
from ..users.passwords import normalize_password

ROLES = ("student", "teacher", "admin")


def new_token() -> str:
    return secrets.token_urlsafe(24)


def hash_password(password: str) -> str:
    """The scrypt hash: about 100 ms of CPU, so never inside a write transaction."""
    return generate_password_hash(normalize_password(password), method="scrypt")


class User(UserMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(40), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(256))
    role: Mapped[str] = mapped_column(sa.String(10), default="student", index=True)
    is_disabled: Mapped[bool] = mapped_column(default=False)
    # Flask-Login stores this token, not the id: rotating it ends every session.
    session_token: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_token)
    # Set by a one-time password (quizapp/users/resets.py): choose your own before anything else.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # The interface language (quizapp/languages.py); the course follows it where translated.
    language: Mapped[str] = mapped_column(sa.String(8), default="en", server_default="en")
    created_at: Mapped[datetime] = mapped_column(default=clock.now)

    def set_password(self, password: str) -> None:
        self.set_password_hash(hash_password(password))

    def set_password_hash(self, password_hash: str) -> None:
        """Store a hash made beforehand (`hash_password`), outside any write lock."""
        self.password_hash = password_hash
        self.rotate_session()

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, normalize_password(password))

    def rotate_session(self) -> None:
        self.session_token = new_token()

    def get_id(self) -> str:
        return self.session_token

    @property
    def is_active(self) -> bool:
        return not self.is_disabled


class PasswordReset(db.Model):
    """Who set a one-time password for whom, and when (shown to admins)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    reset_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=clock.now)


class AdminView(db.Model):
    """An admin opened a teacher page of a class they do not teach that names this
    student: their answers, or the class progress grid or its CSV (`page`). The
    student sees each one under My data."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    admin_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    classroom_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("classroom.id", ondelete="SET NULL")
    )
    viewed_at: Mapped[datetime] = mapped_column(default=clock.now)
    # ANSWERS, PROGRESS or PROGRESS_CSV (quizapp.teach.access).
    page: Mapped[str] = mapped_column(sa.String(20), default="answers", server_default="answers")
