"""Privacy (ASVS 14.2): my data as JSON, delete my account,
change my password."""

import json

import sqlalchemy as sa

from quizapp.content import PRE_QUIZ
from quizapp.extensions import db
from quizapp.live.models import LiveSession
from quizapp.models import Answer, Attempt, Classroom, Membership, MythBelief, User
from quizapp.users.data import ANONYMISED, DELETED
from tests.conftest import PASSWORD, Auth, make_class, make_user
from tests.security.conftest import fresh
from tests.web.helpers import answer_all, finish, items, start

NEW_PASSWORD = "a brand new sentence"


def _finished_pre_quiz(auth) -> int:
    attempt = start(auth, PRE_QUIZ)
    answer_all(auth, attempt, wrong=set(items(attempt)[:2]))
    finish(auth, attempt)
    return attempt


def test_download_holds_everything_about_me_and_nothing_about_others(client, auth, student):
    classmate = make_user("student")
    make_class(make_user("teacher"), "Health 3", students=[student, classmate])
    auth.login(classmate)
    _finished_pre_quiz(auth)
    auth.logout()
    auth.login(student)
    attempt = _finished_pre_quiz(auth)

    response = client.get("/account/my-data.json")

    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["username"] == student.username
    assert [c["class"] for c in data["classes_joined"]] == ["Health 3"]
    assert [a["id"] for a in data["attempts"]] == [attempt]
    assert len(data["answers"]) == len(items(attempt))
    assert {a["attempt_id"] for a in data["answers"]} == {attempt}
    assert data["myths"], "myth beliefs are personal data too"
    assert classmate.username not in response.get_data(as_text=True)
    assert "password" not in json.dumps(data["account"]) and "token" not in json.dumps(data)


def test_delete_needs_the_password_and_keeps_anonymous_answers(client, auth, student):
    make_class(make_user("teacher"), students=[student])
    auth.login(student)
    attempt = _finished_pre_quiz(auth)
    user_id, answers_before = student.id, _count(Answer)

    wrong = auth.post("/account/delete", {"password": "not my password"})
    assert wrong.status_code == 422
    assert "not your password" in wrong.get_data(as_text=True)
    assert db.session.get(User, user_id) is not None

    response = auth.post("/account/delete", {"password": PASSWORD})

    assert response.status_code == 303
    fresh()
    assert db.session.get(User, user_id) is None
    for model in (Membership, MythBelief):
        assert _count(model, model.user_id == user_id) == 0, model.__name__
    assert _count(Answer, Answer.user_id == user_id) == 0
    assert _count(Answer) == answers_before, "anonymous answers keep the aggregates"
    kept = db.session.get(Attempt, attempt)
    assert kept.user_id is None and kept.n_correct is not None
    assert client.get("/account/").status_code == 302, "the session ended with the account"


def test_deleting_does_not_touch_other_learners(client, auth, student):
    other = make_user("student")
    auth.login(other)
    _finished_pre_quiz(auth)
    auth.logout()
    auth.login(student)
    auth.post("/account/delete", {"password": PASSWORD})
    assert _count(Answer, Answer.user_id == other.id) > 0
    assert _count(MythBelief, MythBelief.user_id == other.id) > 0


def test_a_teacher_with_classes_must_hand_them_over_first(client, auth, teacher):
    make_class(teacher)
    auth.login(teacher)
    response = auth.post("/account/delete", {"password": PASSWORD})
    assert response.status_code == 422
    assert "You still teach 1 class" in response.get_data(as_text=True)
    assert db.session.get(User, teacher.id) is not None


def test_every_table_that_points_at_a_user_is_handled_by_deletion(app):
    """A new table with a user id must be listed in quizapp/users/data.py, or
    deleting an account would leave personal rows behind (or fail on a foreign key).
    A class is not deleted with its teacher: they hand it over first (the test above),
    its live sessions with it."""
    handed_over = (Classroom, LiveSession)
    handled = {m.__table__.name for m in (*ANONYMISED, *DELETED, *handed_over)}
    pointing = {
        fk.parent.table.name
        for table in db.metadata.sorted_tables
        for fk in table.foreign_keys
        if fk.column.table.name == "user"
    }
    assert pointing - handled == set(), (
        f"Tables with a user id not handled by delete_account: {sorted(pointing - handled)}"
    )


def test_change_password_ends_every_other_session(new_client, client, auth, student):
    elsewhere = new_client()
    Auth(elsewhere).login(student)
    auth.login(student)

    wrong = auth.post(
        "/account/password",
        {"current": "not it", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert wrong.status_code == 422
    response = auth.post(
        "/account/password",
        {"current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )

    assert response.status_code == 303
    assert client.get("/account/").status_code == 200, "this session goes on"
    assert elsewhere.get("/account/").status_code == 302, "the other session ended (7.4.2)"
    fresh()
    assert db.session.get(User, student.id).check_password(NEW_PASSWORD)


def test_change_password_applies_the_policy(client, auth, student):
    auth.login(student)
    response = auth.post(
        "/account/password", {"current": PASSWORD, "password": "password1", "confirm": "password1"}
    )
    assert response.status_code == 422
    assert "most common" in response.get_data(as_text=True)


def _count(model, *where) -> int:
    return db.session.execute(sa.select(sa.func.count()).select_from(model).where(*where)).scalar()
