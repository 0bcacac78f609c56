"""Small things a class notices: times in the school's zone, "1 time", the join notice
wherever a student joins, and a signed-out QR scan that signs up and joins."""

import re

import pytest

from quizapp import create_app
from quizapp.content import PRE_QUIZ
from quizapp.extensions import db
from quizapp.models import Classroom, Membership

from ..conftest import make_class
from .helpers import answer_all, start, submit_rendered_form
from .teach_helpers import switch


def last_answer_shown(client, classroom, student) -> str:
    page = client.get(f"/teach/classes/{classroom.id}/students").get_data(as_text=True)
    row = re.search(rf"{student.username}</a></th>(.*?)</tr>", page, re.S).group(1)
    return " ".join(re.sub(r"<[^>]+>", " ", row).split())


def test_times_are_in_the_schools_zone_or_the_classs(client, auth, teacher, student, clock):
    classroom = make_class(teacher, students=[student])
    auth.login(student)
    answer_all(auth, start(auth, PRE_QUIZ))  # at 09:00 UTC, 5 Jan 2026
    switch(auth, teacher)
    shown = last_answer_shown(client, classroom, student)
    assert "5 Jan 2026, 04:00 EST" in shown and "UTC" not in shown
    edit = f"/teach/classes/{classroom.id}/edit"
    form = client.get(edit).get_data(as_text=True)
    assert '<option value="America/Los_Angeles">' in form
    response = submit_rendered_form(client, edit, "", {"timezone": "America/Los_Angeles"})
    assert response.status_code == 303
    assert db.session.get(Classroom, classroom.id).timezone == "America/Los_Angeles"
    assert "5 Jan 2026, 01:00 PST" in last_answer_shown(client, classroom, student)


def test_an_unknown_zone_is_refused_on_the_class_form(client, auth, teacher):
    classroom = make_class(teacher)
    auth.login(teacher)
    edit = f"/teach/classes/{classroom.id}/edit"
    response = submit_rendered_form(client, edit, "", {"timezone": "Mars/Olympus"})
    assert response.status_code == 422
    assert "Pick a time zone from the list." in response.get_data(as_text=True)
    assert db.session.get(Classroom, classroom.id).timezone is None


def test_the_install_zone_is_a_setting_and_must_exist(app):
    with pytest.raises(RuntimeError, match="MYTHCHECK_TIMEZONE"):
        create_app({"TIMEZONE": "Mars/Olympus", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["TIMEZONE"] == "America/New_York"


def test_a_choice_picked_once_says_1_time(client, auth, admin, student):
    auth.login(student)
    answer_all(auth, start(auth, PRE_QUIZ))
    switch(auth, admin)
    page = client.get("/admin/items").get_data(as_text=True)
    assert "Picked 1 time (" in page
    assert "Picked 1 times" not in page


def test_joining_by_code_shows_the_same_notice_as_the_link(client, auth, teacher, student):
    classroom = make_class(teacher)
    auth.login(student)
    notice = "Your teacher will see your quiz answers and which myths you still hold."
    assert notice in client.get("/join").get_data(as_text=True)
    assert notice in client.get(f"/join/{classroom.join_code}").get_data(as_text=True)


def test_a_signed_out_qr_scan_signs_up_then_confirms_joining(client, teacher):
    classroom = make_class(teacher, "Chemistry")
    scan = client.get(f"/join/{classroom.join_code}")
    assert "/register?next=" in scan.location
    sign_up = client.get(scan.location).get_data(as_text=True)
    assert "Create an account to join your class" in sign_up
    password = "correct horse battery staple"
    fields = {"username": "newcomer", "password": password, "confirm": password}
    response = submit_rendered_form(client, scan.location, "", fields)
    assert response.status_code == 303
    assert response.location.endswith(f"/join/{classroom.join_code}")
    confirm = client.get(response.location).get_data(as_text=True)
    assert "Join “Chemistry”?" in confirm
    joined = submit_rendered_form(client, response.location, "/join")
    assert joined.status_code == 303
    assert db.session.execute(db.select(Membership).filter_by(classroom_id=classroom.id)).first()
