"""Each test starts with the course and nothing else, whatever the test before did."""

import sqlalchemy as sa

from quizapp.extensions import db
from quizapp.models import Choice, Lesson, User
from tests.conftest import make_user, reset_database


def count(model) -> int:
    return db.session.execute(sa.select(sa.func.count()).select_from(model)).scalar()


def course_rows() -> list:
    return db.session.execute(sa.select(Choice.id, Choice.text).order_by(Choice.id)).all()


def start_next_test(course_tables) -> None:
    db.session.remove()
    reset_database(course_tables)


def test_what_a_test_made_is_gone_and_the_course_is_kept(app, course_tables):
    make_user("student")
    kept = course_rows()
    start_next_test(course_tables)
    assert count(User) == 0
    assert course_rows() == kept and kept


def test_a_course_a_test_wrote_to_is_synced_again(app, course_tables):
    lessons, choices = count(Lesson), count(Choice)
    db.session.execute(sa.update(Lesson).values(active=False))
    db.session.execute(sa.delete(Choice).where(Choice.id.in_(sa.select(sa.func.min(Choice.id)))))
    db.session.commit()
    assert course_tables.written
    start_next_test(course_tables)
    assert not course_tables.written
    assert db.session.execute(sa.select(sa.func.count()).filter(Lesson.active)).scalar() == lessons
    assert count(Choice) == choices
