"""Everything MythCheck holds about one person: the download, and deleting it.

Deleting keeps the anonymous record of what was answered, so class and course
aggregates stay as they were: attempts and answers lose their link to the
person; the rows that only describe the person go.
"""

from datetime import UTC, date, datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import aliased

from .. import clock
from ..database import write_transaction
from ..extensions import db
from ..lti.models import LtiAccount, LtiGradeLink, LtiHandoff, LtiRosterEntry
from ..models import (
    AdminView,
    Answer,
    Attempt,
    Choice,
    Classroom,
    LiveParticipant,
    Membership,
    Myth,
    MythBelief,
    PasswordReset,
    Question,
    Quiz,
    Relapse,
    User,
)
from .changes import keeps_an_admin

# Tables with a user id, and what deleting the account does to their rows. A class
# is not among them: its teacher hands it over before deleting (classes_taught).
ANONYMISED = (Attempt, Answer)
DELETED = (MythBelief, Relapse, Membership, PasswordReset, AdminView, LiveParticipant)
DELETED += (LtiAccount, LtiGradeLink, LtiHandoff, LtiRosterEntry)


def _plain(value):
    return value.isoformat() if isinstance(value, date | datetime) else value


def _rows(statement) -> list[dict]:
    result = db.session.execute(statement).mappings()
    return [{key: _plain(value) for key, value in row.items()} for row in result]


def personal_data(user: User) -> dict:
    """All stored data about `user`, as plain JSON-ready values."""
    return {
        "exported_at": clock.now().replace(tzinfo=UTC).isoformat(timespec="seconds"),
        "account": {
            "username": user.username,
            "role": user.role,
            "created_at": _plain(user.created_at),
        },
        "classes_joined": _rows(
            db.select(Classroom.name.label("class"), Membership.joined_at)
            .join(Classroom, Classroom.id == Membership.classroom_id)
            .where(Membership.user_id == user.id)
        ),
        "classes_taught": _rows(
            db.select(Classroom.name.label("class"), Classroom.created_at).where(
                Classroom.teacher_id == user.id
            )
        ),
        "attempts": _rows(_attempts(user.id)),
        "answers": _rows(_answers(user.id)),
        "myths": _rows(_beliefs(user.id)),
        "admin_views": admin_views(user.id),
        "relapses": _rows(
            db.select(Myth.statement.label("myth"), Relapse.at)
            .join(Myth, Myth.id == Relapse.myth_id)
            .where(Relapse.user_id == user.id)
            .order_by(Relapse.at)
        ),
    }


def admin_views(user_id: int) -> list[dict]:
    """When an admin opened a page naming this person, who, in which class, and which
    page: their answers, or the class progress grid or its CSV."""
    admin = aliased(User)
    return _rows(
        db.select(
            AdminView.viewed_at,
            sa.func.coalesce(admin.username, "a deleted admin account").label("admin"),
            Classroom.name.label("class"),
            AdminView.page,
        )
        .outerjoin(admin, admin.id == AdminView.admin_id)
        .outerjoin(Classroom, Classroom.id == AdminView.classroom_id)
        .where(AdminView.user_id == user_id)
        .order_by(AdminView.viewed_at.desc(), AdminView.id.desc())
    )


def _attempts(user_id: int):
    return (
        db.select(
            Attempt.id,
            Quiz.title.label("quiz"),
            Attempt.mode,
            Attempt.started_at,
            Attempt.finished_at,
            Attempt.n_items.label("questions"),
            Attempt.n_correct.label("correct"),
            Attempt.cbm_total.label("certainty_mark"),
        )
        .join(Quiz, Quiz.id == Attempt.quiz_id)
        .where(Attempt.user_id == user_id)
        .order_by(Attempt.started_at)
    )


def _answers(user_id: int):
    return (
        db.select(
            Answer.attempt_id,
            Question.stem.label("question"),
            Choice.text.label("your_answer"),
            Answer.is_correct.label("correct"),
            Answer.certainty,
            Answer.answered_at,
        )
        .join(Question, Question.id == Answer.question_id)
        .join(Choice, Choice.id == Answer.choice_id)
        .where(Answer.user_id == user_id)
        .order_by(Answer.answered_at)
    )


def _beliefs(user_id: int):
    return (
        db.select(
            Myth.statement.label("myth"),
            MythBelief.state,
            MythBelief.ever_held,
            MythBelief.certainty,
            MythBelief.updated_at,
            MythBelief.review_due,
            MythBelief.relapses,
        )
        .join(Myth, Myth.id == MythBelief.myth_id)
        .where(MythBelief.user_id == user_id)
        .order_by(Myth.position)
    )


def classes_taught(user: User) -> int:
    return db.session.execute(
        db.select(db.func.count(Classroom.id)).where(Classroom.teacher_id == user.id)
    ).scalar_one()


def delete_account(user: User) -> None:
    """Remove the person and their personal rows; keep answers anonymous (not committed)."""
    for model in ANONYMISED:
        db.session.execute(db.update(model).where(model.user_id == user.id).values(user_id=None))
    for model in DELETED:
        db.session.execute(db.delete(model).where(model.user_id == user.id))
    db.session.execute(
        db.update(PasswordReset)
        .where(PasswordReset.reset_by_id == user.id)
        .values(reset_by_id=None)
    )
    db.session.execute(db.delete(User).where(User.id == user.id))


def delete_own_account(user: User) -> None:
    """The person deletes their own account, committed; UserChangeRefused for the last
    active admin."""
    with write_transaction():
        refusal = _(
            "%(name)s is the last active admin, so they cannot be deleted. "
            "Make another account an admin first.",
            name=user.username,
        )
        keeps_an_admin(user, refusal)
        delete_account(user)
