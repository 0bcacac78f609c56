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
    ("/teach/classes/{c}/archive", {"confirm": "yes"}),
    ("/teach/classes/{c}/code", {"confirm": "yes"}),
    ("/teach/classes/{c}/assignments/new", {"quiz_ids": "{l}"}),
    ("/teach/classes/{c}/assignments/{a}/edit", {"due_on": ""}),
    ("/teach/classes/{c}/assignments/{a}/delete", {}),
    ("/teach/classes/{c}/students/{s}/remove", {"confirm": "yes"}),
]
# The removals come last, so every request of the owner finds what it needs.
ALL = [("GET", path, None) for path in GET_ROUTES] + [("POST", p, d) for p, d in POST_ROUTES]


@pytest.fixture
def world(app, teacher, student):
    classroom = make_class(teacher, students=[student])
    lesson = lessons(1)[0]
    assignment = Assignment(classroom_id=classroom.id, quiz_id=lesson.id)
    db.session.add(assignment)
    db.session.commit()
    myth = db.session.execute(db.select(Myth.id).order_by(Myth.position)).scalars().first()
    return {"c": classroom.id, "s": student.id, "a": assignment.id, "m": myth, "l": lesson.id}


def visit_all(auth, world, expected) -> list[str]:
    """Every teacher route; the ones whose answer is not what `expected` says."""
    wrong = []
    for method, path, data in ALL:
        url = path.format(**world)
        if method == "GET":
            response = auth.client.get(url)
        else:
            form = {key: value.format(**world) for key, value in (data or {}).items()}
            response = auth.post(url, form)
        problem = expected(method, response)
        if problem:
            wrong.append(f"{method} {url}: {problem}")
    return wrong


def test_anonymous_goes_to_login(auth, world):
    def expected(method, response):
        if response.status_code != 302 or "/login" not in response.location:
            return f"{response.status_code} {response.location}"

    assert visit_all(auth, world, expected) == []


def test_student_is_refused(auth, world, student):
    auth.login(student)
    assert visit_all(auth, world, lambda m, r: r.status_code != 403 and r.status_code) == []


def test_other_teacher_sees_nothing(auth, world):
    auth.login(make_user("teacher"))

    def expected(method, response):
        if response.status_code != 404 or "Period 1" in response.get_data(as_text=True):
            return response.status_code

    assert visit_all(auth, world, expected) == []


@pytest.mark.parametrize("role", ["teacher", "admin"])
def test_owner_and_admin_may(auth, world, teacher, role):
    auth.login(teacher if role == "teacher" else make_user("admin"))

    def expected(method, response):
        if response.status_code != (200 if method == "GET" else 303):
            return response.status_code

    assert visit_all(auth, world, expected) == []


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
    response = auth.post(
        f"/teach/classes/{world['c']}/students/{outsider.id}/remove", {"confirm": "yes"}
    )
    assert response.status_code == 404


def test_assignment_of_another_class_is_404(auth, world, teacher):
    other = make_class(teacher, name="Other")
    auth.login(teacher)
    url = f"/teach/classes/{other.id}/assignments/{world['a']}/edit"
    assert auth.client.get(url).status_code == 404


def test_join_by_code_needs_login_and_comes_back(client):
    response = client.get("/join")
    assert response.status_code == 302
    assert "/login?next=" in response.location
    assert "%2Fjoin" in response.location or "/join" in response.location


def test_a_signed_out_scan_of_the_join_link_lands_on_sign_up_with_the_code(client):
    response = client.get("/join/ABCDEF")
    assert response.status_code == 302
    assert "/register?next=" in response.location
    assert "%2Fjoin%2FABCDEF" in response.location or "/join/ABCDEF" in response.location


def test_admin_dashboard_lists_every_class_with_its_teacher(client, auth, admin, teacher):
    make_class(teacher, name="Theirs")
    auth.login(admin)
    page = client.get("/teach/").get_data(as_text=True)
    assert "Theirs" in page and f"Teacher: {teacher.username}" in page
