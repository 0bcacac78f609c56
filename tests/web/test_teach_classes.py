"""Classes and join codes: create, rename, archive, rotate, join by code or link, roster."""

import html
import re

import pytest

from quizapp.extensions import db
from quizapp.models import Answer, Classroom, Membership
from quizapp.teach import classes
from quizapp.templating import spaced_code

from ..conftest import make_class, make_user
from .helpers import answer_all, finish, finish_pre_check, start
from .teach_helpers import create_class, lessons, switch

AMBIGUOUS = set("0O1IL")


def members(classroom_id: int) -> int:
    return db.session.execute(
        db.select(db.func.count()).select_from(Membership).filter_by(classroom_id=classroom_id)
    ).scalar()


def test_codes_are_short_and_unambiguous():
    codes = {classes.new_code() for _ in range(300)}
    assert len(codes) == 300
    for code in codes:
        assert len(code) == 6
        assert not AMBIGUOUS & set(code)
        assert not set("AEIOU") & set(code), "a code with vowels can spell a word"
        assert set(code) <= set(classes.ALPHABET)


@pytest.mark.parametrize("typed", ["abc def", " ABC-DEF ", "a b c d e f", "abc–def", "AbC_dEf"])
def test_typed_codes_are_normalised(typed):
    assert classes.normalize(typed) == "ABCDEF"


def test_a_taken_code_is_drawn_again(app, teacher, monkeypatch):
    taken = make_class(teacher).join_code
    draws = iter([taken, "QRSTUV"])
    monkeypatch.setattr(classes, "new_code", lambda: next(draws))
    classroom = classes.save_with_fresh_code(Classroom(teacher_id=teacher.id, name="New"))
    assert classroom.join_code == "QRSTUV"


def test_a_code_taken_at_the_same_moment_is_drawn_again(app, teacher, monkeypatch):
    taken = make_class(teacher).join_code
    draws = iter([taken, "QRSTUV"])
    monkeypatch.setattr(classes, "new_code", lambda: next(draws))
    monkeypatch.setattr(classes, "code_in_use", lambda code: False)
    classroom = classes.save_with_fresh_code(Classroom(teacher_id=teacher.id, name="New"))
    assert classroom.join_code == "QRSTUV"
    assert db.session.execute(db.select(db.func.count(Classroom.id))).scalar() == 2


def test_create_rejects_an_empty_name(auth, teacher):
    auth.login(teacher)
    response = auth.post("/teach/classes/new", {"name": "   "})
    assert response.status_code == 422
    assert "Give the class a name." in response.get_data(as_text=True)
    assert db.session.execute(db.select(db.func.count(Classroom.id))).scalar() == 0


def test_rename_archive_and_reopen(client, auth, teacher):
    auth.login(teacher)
    classroom = create_class(auth)
    auth.post(f"/teach/classes/{classroom.id}/edit", {"name": "Period 4"})
    page = client.get(f"/teach/classes/{classroom.id}").get_data(as_text=True)
    assert "Period 4" in page and "Archive class" in page
    auth.post(f"/teach/classes/{classroom.id}/archive", {"confirm": "yes"})
    page = client.get(f"/teach/classes/{classroom.id}").get_data(as_text=True)
    assert "Archived" in page and "Reopen class" in page
    assert spaced_code(classroom.join_code) not in page
    auth.post(f"/teach/classes/{classroom.id}/archive", {"confirm": "yes"})
    db.session.refresh(classroom)
    assert classroom.archived_at is None


def test_rotating_the_code_retires_the_old_one(auth, teacher, student):
    auth.login(teacher)
    classroom = create_class(auth)
    old = classroom.join_code
    response = auth.post(f"/teach/classes/{classroom.id}/code", {"confirm": "yes"})
    assert response.status_code == 303
    db.session.refresh(classroom)
    assert classroom.join_code != old
    switch(auth, student)
    assert auth.post("/join", {"code": old}).status_code == 422
    assert auth.post("/join", {"code": classroom.join_code}).status_code == 303
    assert members(classroom.id) == 1


def test_join_link_shows_the_class_then_one_button_joins(client, auth, teacher, student):
    classroom = make_class(teacher, name="Biology 2")
    auth.login(student)
    page = client.get(f"/join/{classroom.join_code.lower()}").get_data(as_text=True)
    assert "Join “Biology 2”?" in page
    assert f'value="{classroom.join_code}"' in page
    assert members(classroom.id) == 0
    assert auth.post("/join", {"code": classroom.join_code}).status_code == 303
    assert members(classroom.id) == 1


def test_join_link_with_a_bad_or_archived_code_says_so(client, auth, teacher, student):
    classroom = make_class(teacher, name="Old class")
    auth.login(teacher)
    auth.post(f"/teach/classes/{classroom.id}/archive", {"confirm": "yes"})
    switch(auth, student)
    response = client.get("/join/NOPE22")
    assert response.status_code == 404
    assert "No class has the code NOPE22" in response.get_data(as_text=True)
    response = client.get(f"/join/{classroom.join_code}")
    assert "“Old class” is closed" in response.get_data(as_text=True)


def test_an_empty_code_asks_for_one(auth, student):
    auth.login(student)
    response = auth.post("/join", {"code": "  "})
    assert response.status_code == 422
    assert "Type the class code" in response.get_data(as_text=True)


def test_a_teacher_does_not_join_their_own_class(client, auth, teacher):
    classroom = make_class(teacher)
    auth.login(teacher)
    response = auth.post("/join", {"code": classroom.join_code})
    assert "You teach “Period 1”" in client.get(response.location).get_data(as_text=True)
    assert members(classroom.id) == 0


def test_login_brings_the_student_back_to_the_join_link(client, auth, teacher, student):
    classroom = make_class(teacher, name="Chemistry")
    response = client.get(f"/join/{classroom.join_code}")
    sign_up = client.get(response.location).get_data(as_text=True)
    assert "Create an account to join your class" in sign_up
    login_url = html.unescape(re.search(r'href="(/login\?next=[^"]+)"', sign_up).group(1))
    token = auth.csrf_token(login_url)
    response = client.post(
        login_url,
        data={
            "csrf_token": token,
            "username": student.username,
            "password": "correct horse battery",
        },
    )
    assert response.location.endswith(f"/join/{classroom.join_code}")
    assert "Join “Chemistry”?" in client.get(response.location).get_data(as_text=True)


def test_roster_shows_activity_and_removal_keeps_answers(client, auth, teacher, student):
    classroom = make_class(teacher, students=[student, make_user("student", "quiet")])
    auth.login(student)
    finish_pre_check(student)
    attempt = start(auth, lessons(1)[0].id)
    answer_all(auth, attempt)
    finish(auth, attempt)
    switch(auth, teacher)
    page = client.get(f"/teach/classes/{classroom.id}/students").get_data(as_text=True)
    assert "Students (2)" in page
    assert re.search(r"quiet</a></th>\s*<td[^>]*>[^<]+</td>\s*<td[^>]*>No answers yet", page)
    assert re.search(rf"{student.username}</a></th>\s*<td[^>]*>[^<]+</td>\s*<td[^>]*>\d", page)
    response = auth.post(
        f"/teach/classes/{classroom.id}/students/{student.id}/remove", {"confirm": "yes"}
    )
    assert response.status_code == 303
    assert members(classroom.id) == 1
    answers = db.session.execute(db.select(db.func.count(Answer.id)).filter_by(user_id=student.id))
    assert answers.scalar() > 0
    assert client.get(f"/teach/classes/{classroom.id}/students/{student.id}").status_code == 404


def test_qr_page_is_an_inline_svg_without_style_attributes(client, auth, teacher):
    classroom = make_class(teacher)
    auth.login(teacher)
    response = client.get(f"/teach/classes/{classroom.id}/qr")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<svg xmlns="http://www.w3.org/2000/svg" viewBox=' in page
    assert "<path" in page
    assert "style=" not in page
    assert "<script>" not in page
    assert spaced_code(classroom.join_code) in page
    assert f"/join/{classroom.join_code}" in page
