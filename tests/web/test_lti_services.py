"""LTI Advantage against the test LMS (lti1p3platform): deep linking, grades back
through the outbox, and roster sync."""

from datetime import timedelta

import pytest
import requests
from sqlalchemy.exc import IntegrityError

from quizapp import clock
from quizapp.content.ids import PRE_QUIZ
from quizapp.extensions import db
from quizapp.lti import grades
from quizapp.lti.models import (
    LtiAccount,
    LtiCourse,
    LtiGradeLink,
    LtiGradeOutbox,
    LtiHandoff,
    LtiRosterEntry,
)
from quizapp.models import Membership, User
from quizapp.users.data import delete_account
from tests.conftest import Auth

from .helpers import ATTEMPT_URL, answer_all, items
from .lti_helpers import INSTRUCTOR, LEARNER, launch
from .test_lti_launch import first_lesson_quiz, follow, land


def teacher_in_course(client, lms):
    follow(client, launch(client, lms, "teacher-1", [INSTRUCTOR], name="Ms Rivera"))
    return db.session.execute(db.select(LtiCourse)).scalar_one()


def student_takes_myth_check(app, lms, subject="student-1", wrong=frozenset()):
    """A learner launched into the myth check answers every question."""
    student = app.test_client()
    follow(student, launch(student, lms, subject, [LEARNER], activity=PRE_QUIZ))
    auth = Auth(student)
    response = auth.post(f"/quizzes/{PRE_QUIZ}/start")
    attempt_id = int(ATTEMPT_URL.search(response.location).group(1))
    questions = items(attempt_id)
    answer_all(auth, attempt_id, wrong={q for q in questions[: len(wrong)]} if wrong else set())
    return attempt_id, len(questions)


def test_a_teacher_deep_links_a_lesson_and_the_lms_gets_it_with_its_title(client, lms):
    arrived = follow(client, launch(client, lms, "teacher-1", [INSTRUCTOR], deep_link=True))
    assert "/lti/deep-link/" in arrived.location
    quiz = first_lesson_quiz()
    picked = Auth(client).post(arrived.location, {"activity": quiz.id}, token_from=arrived.location)
    page = picked.get_data(as_text=True)
    assert picked.status_code == 200
    return_url = lms.url("/deep_link_return")
    assert f'action="{return_url}"' in page
    assert f"form-action 'self' {lms.issuer}" in picked.headers["Content-Security-Policy"]
    token = page.split('name="JWT" value="')[1].split('"')[0]
    requests.post(return_url, data={"JWT": token}, timeout=10).raise_for_status()
    [item] = lms.state.deep_link_items
    assert item["type"] == "ltiResourceLink"
    assert item["title"] == quiz.title
    assert item["custom"] == {"mythcheck_activity": quiz.id}
    assert client.get(arrived.location).status_code == 404


def test_deep_linking_offers_lessons_the_myth_check_and_the_review(client, lms):
    arrived = follow(client, launch(client, lms, "teacher-1", [INSTRUCTOR], deep_link=True))
    page = client.get(arrived.location).get_data(as_text=True)
    assert "Myth check" in page and "Re-teach review" in page
    assert first_lesson_quiz().title in page


def test_deep_linking_without_a_choice_says_so_and_sends_nothing(client, lms):
    arrived = follow(client, launch(client, lms, "teacher-1", [INSTRUCTOR], deep_link=True))
    refused = Auth(client).post(arrived.location, {}, token_from=arrived.location)
    assert refused.status_code == 422
    assert "Choose what the link should open." in refused.get_data(as_text=True)


def test_a_learner_cannot_deep_link(client, lms):
    response = launch(client, lms, "student-1", [LEARNER], deep_link=True)
    assert response.status_code == 400


def test_another_teacher_cannot_answer_a_deep_link_request(client, lms, app):
    arrived = follow(client, launch(client, lms, "teacher-1", [INSTRUCTOR], deep_link=True))
    other = app.test_client()
    follow(other, launch(other, lms, "teacher-2", [INSTRUCTOR]))
    assert other.get(arrived.location).status_code == 404


def test_finishing_a_launched_quiz_sends_percent_correct_and_certainty_once(client, lms, app):
    teacher_in_course(client, lms)
    attempt_id, n = student_takes_myth_check(app, lms, wrong={"x"})
    [row] = db.session.execute(db.select(LtiGradeOutbox)).scalars()
    assert row.attempt_id == attempt_id
    assert grades.send_due() == (1, 0)
    [score] = lms.state.scores
    assert score["userId"] == "student-1"
    assert score["scoreGiven"] == round(100 * (n - 1) / n, 1) and score["scoreMaximum"] == 100
    assert "Certainty score" in score["comment"]
    assert score["lineitem"] == f"item-{PRE_QUIZ}"
    assert grades.send_due() == (0, 0)
    assert len(lms.state.scores) == 1


def test_the_certainty_score_can_be_a_second_gradebook_column(client, lms, app):
    course = teacher_in_course(client, lms)
    response = Auth(client).post(
        f"/teach/classes/{course.classroom_id}/lms/grades", {"certainty_as": "line_item"}
    )
    assert response.status_code == 303
    student_takes_myth_check(app, lms)
    assert grades.send_due() == (1, 0)
    percent, certainty = lms.state.scores
    assert "comment" not in percent
    assert certainty["lineitem"] != percent["lineitem"]
    labels = [item.get("label") for item in lms.state.lineitems.values()]
    assert "Certainty score" in labels


def test_an_unlaunched_quiz_owes_no_grade(client, lms, app):
    teacher_in_course(client, lms)
    student = app.test_client()
    follow(student, launch(student, lms, "student-1", [LEARNER], activity=first_lesson_quiz().id))
    auth = Auth(student)
    attempt_id = int(ATTEMPT_URL.search(auth.post(f"/quizzes/{PRE_QUIZ}/start").location).group(1))
    answer_all(auth, attempt_id)
    assert db.session.execute(db.select(LtiGradeOutbox)).first() is None


def test_an_lms_that_is_down_gets_the_score_later_with_growing_waits(client, lms, app, monkeypatch):
    course = teacher_in_course(client, lms)
    student_takes_myth_check(app, lms)
    lms.state.refuse_scores = 3
    now = clock.now()
    waits = []
    for _round in range(3):
        monkeypatch.setattr(clock, "now", lambda moment=now: moment)
        assert grades.send_due() == (0, 1)
        row = db.session.execute(db.select(LtiGradeOutbox)).scalar_one()
        waits.append(row.next_try_at - now)
        assert grades.send_due() == (0, 0)
        now = row.next_try_at
    assert waits == [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4)]
    page = client.get(f"/teach/classes/{course.classroom_id}").get_data(as_text=True)
    assert "The LMS keeps refusing these scores" in page
    monkeypatch.setattr(clock, "now", lambda: now)
    assert grades.send_due() == (1, 0)
    assert len(lms.state.scores) == 1
    page = client.get(f"/teach/classes/{course.classroom_id}").get_data(as_text=True)
    assert "The LMS keeps refusing these scores" not in page


def test_one_outbox_row_per_attempt(client, lms, app):
    teacher_in_course(client, lms)
    attempt_id, _n = student_takes_myth_check(app, lms)
    grades.owe_grade(attempt_id)
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    assert db.session.execute(db.select(db.func.count(LtiGradeOutbox.id))).scalar() == 1


def test_the_teacher_syncs_the_roster_and_removed_members_are_marked(client, lms, app):
    course = teacher_in_course(client, lms)
    lms.state.members = [
        {"user_id": "teacher-1", "roles": [INSTRUCTOR], "name": "Ms Rivera"},
        {"user_id": "student-1", "roles": [LEARNER], "name": "Ana Diaz"},
        {"user_id": "student-2", "roles": [LEARNER], "name": "Ben Ode"},
    ]
    sync = f"/teach/classes/{course.classroom_id}/lms/roster"
    page = client.get(f"/teach/classes/{course.classroom_id}").get_data(as_text=True)
    assert "Sync roster from the LMS" in page
    response = Auth(client).post(sync)
    assert response.status_code == 303
    flashed = land(client, response.location).get_data(as_text=True)
    assert "Roster synced: 2 added, 1 already here, 0 marked removed." in flashed
    members = db.session.execute(
        db.select(db.func.count())
        .select_from(Membership)
        .filter_by(classroom_id=course.classroom_id)
    ).scalar()
    assert members == 2
    lms.state.members = lms.state.members[:2]
    again = land(client, Auth(client).post(sync).location).get_data(as_text=True)
    assert "Roster synced: 0 added, 2 already here, 1 marked removed." in again
    removed = (
        db.session.execute(
            db.select(User.username)
            .join(LtiRosterEntry, LtiRosterEntry.user_id == User.id)
            .where(LtiRosterEntry.removed_at.is_not(None))
        )
        .scalars()
        .all()
    )
    assert len(removed) == 1 and removed[0].startswith("lms-ben-ode-")
    assert db.session.execute(db.select(LtiAccount).filter_by(subject="student-2")).scalar_one()
    page = client.get(f"/teach/classes/{course.classroom_id}").get_data(as_text=True)
    assert "No longer in the LMS course" in page and removed[0] in page


def roster_rows() -> list[tuple]:
    return db.session.execute(
        db.select(LtiRosterEntry.user_id, LtiRosterEntry.lms_role, LtiRosterEntry.removed_at)
    ).all()


def test_a_roster_the_lms_will_not_send_changes_nothing(client, lms, monkeypatch):
    course = teacher_in_course(client, lms)
    course_id = course.id
    db.session.get(LtiCourse, course_id).memberships_url = lms.url("/missing")
    db.session.commit()
    before = roster_rows()
    response = Auth(client).post(f"/teach/classes/{course.classroom_id}/lms/roster")
    page = land(client, response.location).get_data(as_text=True)
    assert "The LMS did not send the roster" in page
    assert roster_rows() == before


def test_deleting_a_launched_account_leaves_no_lti_rows_behind(client, lms, app):
    teacher_in_course(client, lms)
    student_takes_myth_check(app, lms)
    student = db.session.execute(
        db.select(User).join(LtiAccount).filter(LtiAccount.subject == "student-1")
    ).scalar_one()
    delete_account(student)
    db.session.commit()
    for model in (LtiAccount, LtiGradeLink, LtiHandoff, LtiRosterEntry, LtiGradeOutbox):
        rows = db.session.execute(db.select(model)).scalars().all()
        assert all(getattr(row, "user_id", None) != student.id for row in rows), model
    assert db.session.execute(db.select(LtiGradeOutbox)).first() is None
