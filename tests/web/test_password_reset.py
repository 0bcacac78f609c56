"""A teacher (for a student of their class) or an admin (for anyone) sets a
one-time password; the student must choose their own at the next login."""

import re

from quizapp.extensions import db
from quizapp.models import PasswordReset, User
from quizapp.timezones import local_datetime

from ..conftest import Auth, make_class, make_user
from .pageforms import form_with_button, submit

ONE_TIME = re.compile(r"One-time password for (\S+): ([a-z0-9-]+)")


def _press(client, page_url: str, button: str, confirm_button: str):
    """Press the page's button, then the confirmation page's; return the last response."""
    page = client.get(page_url).get_data(as_text=True)
    asked = submit(client, form_with_button(page, button), page_url)
    assert asked.status_code == 200, asked.status_code
    confirm_page = asked.get_data(as_text=True)
    assert "logged out everywhere" in confirm_page
    form = form_with_button(confirm_page, confirm_button)
    return submit(client, form, form.action)


def _one_time_password_shown(client, response) -> str:
    assert response.status_code == 303
    page = client.get(response.location).get_data(as_text=True)
    return ONE_TIME.search(page).group(2)


def _log_in(client, username: str, password: str):
    token = Auth(client).csrf_token("/login")
    return client.post(
        "/login", data={"csrf_token": token, "username": username, "password": password}
    )


def test_teacher_sets_a_one_time_password_and_the_student_must_choose_a_new_one(
    app, client, auth, teacher, student
):
    classroom = make_class(teacher, students=[student])
    student_device = app.test_client()
    Auth(student_device).login(student)
    auth.login(teacher)

    url = f"/teach/classes/{classroom.id}/students/{student.id}"
    done = _press(client, url, "Set a one-time password", "Set a one-time password")
    one_time = _one_time_password_shown(client, done)

    assert student_device.get("/my-myths").status_code == 302  # old session ended
    fresh = app.test_client()
    assert _log_in(fresh, student.username, one_time).status_code == 303
    for path in ("/", "/my-myths", "/account/"):
        blocked = fresh.get(path)
        assert blocked.status_code == 303 and "/account/new-password" in blocked.location
    page = fresh.get("/account/new-password").get_data(as_text=True)
    chosen = submit(
        fresh,
        form_with_button(page, "Save my password"),
        "/account/new-password",
        password="my own new phrase",
        confirm="my own new phrase",
    )
    assert chosen.status_code == 303
    assert fresh.get("/my-myths").status_code == 200
    assert _log_in(app.test_client(), student.username, one_time).status_code == 422
    assert _log_in(app.test_client(), student.username, "my own new phrase").status_code == 303

    reset = db.session.execute(db.select(PasswordReset)).scalar_one()
    assert (reset.user_id, reset.reset_by_id) == (student.id, teacher.id)


def test_a_teacher_cannot_reset_outside_their_classes(client, auth, teacher, student):
    other_teacher = make_user("teacher")
    their_class = make_class(other_teacher, students=[student])
    colleague = make_user("teacher")
    own_class = make_class(teacher, students=[colleague])
    auth.login(teacher)

    outside = f"/teach/classes/{their_class.id}/students/{student.id}/password"
    not_student = f"/teach/classes/{own_class.id}/students/{colleague.id}/password"
    not_member = f"/teach/classes/{own_class.id}/students/{student.id}/password"
    for url in (outside, not_student, not_member):
        assert auth.post(url, {"confirm": "yes"}).status_code == 404
    assert db.session.execute(db.select(db.func.count(PasswordReset.id))).scalar() == 0


def test_admin_resets_anyone_and_sees_who_reset_whose_password(client, auth, admin, teacher):
    auth.login(admin)
    url = f"/admin/users/{teacher.id}"
    one_time = _one_time_password_shown(
        client, _press(client, url, "Set a one-time password", "Set a one-time password")
    )
    assert db.session.get(User, teacher.id).must_change_password
    assert one_time

    page = client.get(url).get_data(as_text=True)
    history = page.split("Password resets")[1]
    assert f"by {admin.username} (admin)" in history
    assert "UTC" not in history, "shown in the school's time zone"
    assert local_datetime(db.session.execute(db.select(PasswordReset.at)).scalar()) in history
    assert "Waiting for its owner to choose a new password" in page


def test_an_admin_cannot_reset_their_own_password_here(client, auth, admin):
    auth.login(admin)
    assert "Set a one-time password" not in client.get(f"/admin/users/{admin.id}").get_data(
        as_text=True
    )
    response = auth.post(f"/admin/users/{admin.id}/password", {"confirm": "yes"})
    assert response.status_code == 303
    assert not db.session.get(User, admin.id).must_change_password
