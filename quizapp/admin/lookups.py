"""The short lists behind the admin filters."""

import sqlalchemy as sa

from ..extensions import db
from ..models import Classroom, User


def teachers_with_classes() -> list[tuple[int, str]]:
    """(id, username) of everyone who owns a class, for the teacher filter."""
    rows = db.session.execute(
        sa.select(User.id, User.username)
        .where(User.id.in_(sa.select(Classroom.teacher_id)))
        .order_by(User.username)
    )
    return [(user_id, username) for user_id, username in rows]


def class_choices(teacher_id: int | None) -> list[tuple[int, str]]:
    """(id, name) of every class, or of one teacher's, for the class filter."""
    query = sa.select(Classroom.id, Classroom.name).order_by(Classroom.name, Classroom.id)
    if teacher_id is not None:
        query = query.where(Classroom.teacher_id == teacher_id)
    return [(class_id, name) for class_id, name in db.session.execute(query)]
