"""The demo accounts `make run` creates, and what production does about them.

Their password is published in the README, so a production server refuses to
start while any of them exists; `flask remove-demo` takes them out.
"""

import sqlalchemy as sa

from .extensions import db
from .models import Assignment, Attempt, Classroom, Membership, User
from .users.passwords import DEMO_PASSWORD

__all__ = ["DEMO_PASSWORD", "DEMO_USERS", "refuse_demo_accounts", "remove_demo_accounts"]
DEMO_USERS = (
    ("demo-student", "student"),
    ("demo-student-2", "student"),
    ("demo-teacher", "teacher"),
    ("demo-admin", "admin"),
)
DEMO_NAMES = tuple(name for name, _ in DEMO_USERS)


class DemoAccountsPresent(RuntimeError):
    """Production was asked to serve a database that still holds demo accounts."""


def demo_accounts() -> list[User]:
    """The demo accounts in this database (none before the first migration)."""
    if not sa.inspect(db.engine).has_table(User.__tablename__):
        return []
    return list(db.session.execute(db.select(User).where(User.username.in_(DEMO_NAMES))).scalars())


def refuse_demo_accounts() -> None:
    """Raise, saying how to fix it, when a demo account exists."""
    names = [user.username for user in demo_accounts()]
    db.session.remove()
    db.engine.dispose()  # the server's master keeps no connection (workers open their own)
    if names:
        raise DemoAccountsPresent(
            f"This database holds the demo accounts {', '.join(names)}, whose password is "
            "public. Production will not serve it: remove them with "
            "`MYTHCHECK_ENV=production .venv/bin/flask remove-demo`, or use a new database."
        )


def remove_demo_accounts() -> list[str]:
    """Delete the demo accounts, their classes and personal rows; keep answers anonymous
    (not committed)."""
    from .users.data import delete_account

    users = demo_accounts()
    users += _made_up_classmates(users)
    for user in users:
        _delete_classes_of(user)
        delete_account(user)
    return [user.username for user in users]


def _made_up_classmates(demo_users: list[User]) -> list[User]:
    """The demo class's made-up students (accounts no one can log in to)."""
    from .synthetic import UNUSABLE_PASSWORD

    classes = db.select(Classroom.id).where(Classroom.teacher_id.in_([u.id for u in demo_users]))
    members = db.select(Membership.user_id).where(Membership.classroom_id.in_(classes))
    query = db.select(User).where(
        User.id.in_(members),
        User.password_hash == UNUSABLE_PASSWORD,
        User.username.not_in(DEMO_NAMES),
    )
    return list(db.session.execute(query).scalars())


def _delete_classes_of(teacher: User) -> None:
    classes = db.select(Classroom.id).where(Classroom.teacher_id == teacher.id)
    assignments = db.select(Assignment.id).where(Assignment.classroom_id.in_(classes))
    db.session.execute(
        db.update(Attempt).where(Attempt.assignment_id.in_(assignments)).values(assignment_id=None)
    )
    db.session.execute(db.delete(Assignment).where(Assignment.classroom_id.in_(classes)))
    db.session.execute(db.delete(Membership).where(Membership.classroom_id.in_(classes)))
    db.session.execute(db.delete(Classroom).where(Classroom.teacher_id == teacher.id))
