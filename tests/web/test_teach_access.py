"""Who may reach each teacher route: anonymous → login, student → 403,
another teacher → 404 (nothing leaked), the class's teacher and admins → the page."""

import pytest

from quizapp.extensions import db
from quizapp.models import Assignment, Myth

from ..conftest import make_class, make_user
from .teach_helpers import lessons

GET_ROUTES = [
    "/teach/classes/{c}",
    "/teach/classes/{c}/edit",
    "/teach/classes/{c}/qr",
    "/teach/classes/{c}/students",
    "/teach/classes/{c}/students/{s}",
    "/teach/classes/{c}/assignments/new",
    "/teach/classes/{c}/assignments/{a}/edit",
    "/teach/classes/{c}/progress",
    "/teach/classes/{c}/progress.csv",
    "/teach/classes/{c}/myths",
    "/teach/classes/{c}/myths.csv",
    "/teach/classes/{c}/myths/{m}",
]
POST_ROUTES = [
    ("/teach/classes/{c}/edit", {"name": "Renamed"}),
    ("/teach/classes/{c}/archive", {}),
    ("/teach/classes/{c}/code", {}),
    ("/teach/classes/{c}/students/{s}/remove", {}),
    ("/teach/classes/{c}/assignments/new", {"quiz_ids": "{l}"}),
    ("/teach/classes/{c}/assignments/{a}/edit", {"due_on": ""}),
    ("/teach/classes/{c}/assignments/{a}/delete", {}),
]
ALL = [("GET", path, None) for path in GET_ROUTES] + [("POST", p, d) for p, d in POST_ROUTES]
IDS = [f"{method} {path}" for method, path, _ in ALL]


@pytest.fixture
def world(app, teacher, student):
    classroom = make_class(teacher, students=[student])
    lesson = lessons(1)[0]
    assignment = Assignment(classroom_id=classroom.id, quiz_id=lesson.id)
    db.session.add(assignment)
    db.session.commit()
    myth = db.session.execute(db.select(Myth.id).order_by(Myth.position)).scalars().first()
    return {"c": classroom.id, "s": student.id, "a": assignment.id, "m": myth, "l": lesson.id}


def request(auth, method, path, data, world):
    url = path.format(**world)
    if method == "GET":
        return auth.client.get(url)
    return auth.post(url, {key: value.format(**world) for key, value in (data or {}).items()})


@pytest.mark.parametrize(("method", "path", "data"), ALL, ids=IDS)
def test_anonymous_goes_to_login(auth, world, method, path, data):
    response = request(auth, method, path, data, world)
    assert response.status_code == 302
    assert "/login" in response.location


@pytest.mark.parametrize(("method", "path", "data"), ALL, ids=IDS)
def test_student_is_refused(auth, world, student, method, path, data):
    auth.login(student)
    assert request(auth, method, path, data, world).status_code == 403


@pytest.mark.parametrize(("method", "path", "data"), ALL, ids=IDS)
def test_other_teacher_sees_nothing(auth, world, method, path, data):
    auth.login(make_user("teacher"))
    response = request(auth, method, path, data, world)
    assert response.status_code == 404
    assert "Period 1" not in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["teacher", "admin"])
@pytest.mark.parametrize(("method", "path", "data"), ALL, ids=IDS)
def test_owner_and_admin_may(auth, world, teacher, role, method, path, data):
    auth.login(teacher if role == "teacher" else make_user("admin"))
    response = request(auth, method, path, data, world)
    assert response.status_code == (200 if method == "GET" else 303)


def test_dashboard_lists_only_own_classes(client, auth, teacher, student):
    make_class(teacher, name="Mine")
    make_class(make_user("teacher"), name="Theirs")
    assert client.get("/teach/").status_code == 302
    auth.login(student)
    assert client.get("/teach/").status_code == 403
    auth.logout()
    auth.login(teacher)
    page = client.get("/teach/").get_data(as_text=True)
    assert "Mine" in page and "Theirs" not in page
    assert client.get("/teach/classes/new").status_code == 200


def test_student_of_another_class_is_404(auth, world, teacher):
    outsider = make_user("student")
    auth.login(teacher)
    assert auth.client.get(f"/teach/classes/{world['c']}/students/{outsider.id}").status_code == 404
    response = auth.post(f"/teach/classes/{world['c']}/students/{outsider.id}/remove")
    assert response.status_code == 404


def test_assignment_of_another_class_is_404(auth, world, teacher):
    other = make_class(teacher, name="Other")
    auth.login(teacher)
    url = f"/teach/classes/{other.id}/assignments/{world['a']}/edit"
    assert auth.client.get(url).status_code == 404


@pytest.mark.parametrize("path", ["/join", "/join/ABCDEF"])
def test_join_needs_login_and_comes_back(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "/login?next=" in response.location
    assert path.replace("/", "%2F") in response.location or path in response.location


def test_admin_dashboard_lists_every_class_with_its_teacher(client, auth, admin, teacher):
    make_class(teacher, name="Theirs")
    auth.login(admin)
    page = client.get("/teach/").get_data(as_text=True)
    assert "Theirs" in page and f"Teacher: {teacher.username}" in page
