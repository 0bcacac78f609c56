"""`flask seed-demo` (the demo step of `make run`): demo-teacher's class with three
weeks of history made through the app's own code paths, shown on the first pages a
teacher and an admin open."""

import re
from datetime import timedelta

import sqlalchemy as sa

from quizapp import clock, scoring, timezones
from quizapp.content import POST_QUIZ, PRE_QUIZ, AttemptMode
from quizapp.demo_class import CLASS_NAME
from quizapp.extensions import db
from quizapp.models import Answer, Assignment, Attempt, Classroom, Membership, MythBelief, User

DEMO_PASSWORD = "mythcheck-demo"


def seed_demo(app) -> None:
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output


def table_counts() -> dict[str, int]:
    return {
        model.__name__: db.session.execute(sa.select(sa.func.count()).select_from(model)).scalar()
        for model in (User, Classroom, Membership, Assignment, Attempt, Answer, MythBelief)
    }


def log_in(client, auth, username: str):
    token = auth.csrf_token("/login")
    response = client.post(
        "/login", data={"csrf_token": token, "username": username, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 303
    return client.get(response.location)


def user_id(username: str) -> int:
    return db.session.execute(sa.select(User.id).filter_by(username=username)).scalar_one()


def test_seed_demo_makes_a_class_that_teacher_admin_and_students_see(app, client, auth, demo):
    """One seed (it takes seconds; the session's, tests/databases.py) for every
    check: idempotence, the pages, the rules."""
    assert f"Demo class “{CLASS_NAME}” made for demo-teacher" in demo.output
    before = table_counts()
    seed_demo(app)
    assert table_counts() == before, "a second seed-demo must add nothing"
    the_teacher_and_admin_see_real_data(client, auth)
    auth.logout()
    demo_student_stays_fresh_and_the_second_is_mid_course(client, auth)
    the_history_went_through_the_apps_own_rules()


def the_teacher_and_admin_see_real_data(client, auth):
    dashboard = log_in(client, auth, "demo-teacher").get_data(as_text=True)
    assert CLASS_NAME in dashboard
    assert re.search(r"2[0-9] students", dashboard)
    classroom = db.session.execute(sa.select(Classroom).filter_by(name=CLASS_NAME)).scalar_one()
    progress = client.get(f"/teach/classes/{classroom.id}/progress").get_data(as_text=True)
    assert len(re.findall(r"\b\d{1,3}%", progress)) > 24 * 4
    assert "due " in progress
    myths = client.get(f"/teach/classes/{classroom.id}/myths").get_data(as_text=True)
    assert "Review quiz" in myths or "review quiz" in myths

    auth.logout()
    overview = log_in(client, auth, "demo-admin").get_data(as_text=True)
    started = re.search(
        r'score-value">([\d,]+)</p><p class="score-label">quizzes started', overview
    )
    assert started and int(started.group(1).replace(",", "")) > 300


def the_history_went_through_the_apps_own_rules():
    classroom = db.session.execute(sa.select(Classroom).filter_by(name=CLASS_NAME)).scalar_one()
    members = sa.select(Membership.user_id).filter_by(classroom_id=classroom.id)
    first_pre = (
        sa.select(Attempt.user_id, sa.func.min(Attempt.finished_at).label("done"))
        .where(Attempt.quiz_id == PRE_QUIZ, Attempt.finished_at.is_not(None))
        .group_by(Attempt.user_id)
        .subquery()
    )
    before_pre = db.session.execute(
        sa.select(sa.func.count())
        .select_from(Attempt)
        .outerjoin(first_pre, first_pre.c.user_id == Attempt.user_id)
        .where(Attempt.user_id.in_(members), Attempt.quiz_id != PRE_QUIZ)
        .where(sa.or_(first_pre.c.done.is_(None), Attempt.started_at < first_pre.c.done))
    ).scalar()
    assert before_pre == 0, "every student takes the myth check before anything else"

    modes = dict(
        db.session.execute(sa.select(Attempt.mode, sa.func.count()).group_by(Attempt.mode)).all()
    )
    assert modes.get(AttemptMode.RETRY, 0) > 5 and modes.get(AttemptMode.MYTH_PROBE, 0) > 24
    assert modes.get(AttemptMode.DELAYED, 0) > 0
    assignments = (
        db.session.execute(sa.select(Assignment).filter_by(classroom_id=classroom.id))
        .scalars()
        .all()
    )
    assert {a.mode for a in assignments} == {
        AttemptMode.FULL,
        AttemptMode.MYTH_PROBE,
        AttemptMode.DELAYED,
    }
    assert all(a.due_on for a in assignments if a.mode != AttemptMode.DELAYED)
    assert (
        next(a for a in assignments if a.mode == AttemptMode.DELAYED).available_on
        <= timezones.today()
    )
    assert (
        db.session.execute(
            sa.select(sa.func.count()).where(
                Attempt.quiz_id == POST_QUIZ, Attempt.mode == AttemptMode.FULL
            )
        ).scalar()
        > 5
    )

    certain_wrong = sa.select(sa.func.count()).where(Answer.certainty == 3, ~Answer.is_correct)
    assert db.session.execute(certain_wrong).scalar() > 24
    held = db.session.execute(
        sa.select(MythBelief.updated_at, MythBelief.review_due).where(
            MythBelief.state.in_(scoring.HELD_STATES)
        )
    ).all()
    assert held and all(due == at + scoring.RELEARN_DELAY for at, due in held)
    span = db.session.execute(sa.select(sa.func.min(Answer.answered_at))).scalar()
    assert clock.now() - span > timedelta(days=20)


def demo_student_stays_fresh_and_the_second_is_mid_course(client, auth):
    fresh = user_id("demo-student")
    assert (
        db.session.execute(sa.select(sa.func.count()).where(Attempt.user_id == fresh)).scalar() == 0
    )

    home = log_in(client, auth, "demo-student-2").get_data(as_text=True)
    assert "Hi, demo-student-2" in home
    second = user_id("demo-student-2")
    lessons = db.session.execute(
        sa.select(sa.func.count(sa.distinct(Attempt.quiz_id))).where(
            Attempt.user_id == second,
            Attempt.mode == AttemptMode.FULL,
            Attempt.finished_at.is_not(None),
            Attempt.quiz_id.not_in((PRE_QUIZ, POST_QUIZ)),
        )
    ).scalar()
    assert lessons == 3
    assert "due" in home.lower()
