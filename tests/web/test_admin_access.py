"""Only admins reach the admin pages: anonymous -> login, student or teacher -> 403."""

import pytest

from quizapp.extensions import db
from tests.conftest import make_user

GET_PATHS = [
    "/admin/",
    "/admin/lessons",
    "/admin/myths",
    "/admin/items",
    "/admin/efficacy",
    "/admin/users",
    "/admin/users/{user_id}",
    "/admin/export",
    "/admin/export/activity.csv",
    "/admin/export/lessons.csv",
    "/admin/export/myths.csv",
    "/admin/export/items.csv",
    "/admin/export/answers.csv",
]
POST_PATHS = [
    ("/admin/users/{user_id}/role", {"role": "admin", "confirm": "yes"}),
    ("/admin/users/{user_id}/access", {"action": "disable", "confirm": "yes"}),
    ("/admin/users/{user_id}/password", {"confirm": "yes"}),
]


def test_every_admin_route_is_tested_here(app):
    adapter = app.url_map.bind("localhost")
    tested = {adapter.match(path.format(user_id=1), method="GET")[0] for path in GET_PATHS}
    tested |= {adapter.match(path.format(user_id=1), method="POST")[0] for path, _ in POST_PATHS}
    served = {
        rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint.startswith("admin.")
    }

    assert served == tested


@pytest.mark.parametrize("path", GET_PATHS)
def test_anonymous_visitors_are_sent_to_log_in(client, student, path):
    response = client.get(path.format(user_id=student.id))

    assert response.status_code == 302
    assert "/login" in response.location


@pytest.mark.parametrize("role", ["student", "teacher"])
@pytest.mark.parametrize("path", GET_PATHS)
def test_students_and_teachers_are_refused(auth, role, path):
    user = make_user(role)
    auth.login(user)

    assert auth.client.get(path.format(user_id=user.id)).status_code == 403


@pytest.mark.parametrize("path", GET_PATHS)
def test_admins_get_every_page(auth, admin, path):
    auth.login(admin)

    response = auth.client.get(path.format(user_id=admin.id))

    assert response.status_code == 200
    response.close()


@pytest.mark.parametrize(("path", "data"), POST_PATHS)
def test_changes_need_an_admin(auth, client, student, path, data):
    url = path.format(user_id=student.id)
    assert auth.post(url, data).status_code == 302  # anonymous: to the login page

    for role in ("student", "teacher"):
        auth.login(make_user(role))
        assert auth.post(url, data).status_code == 403
        auth.logout()

    db.session.refresh(student)
    assert student.role == "student"
    assert not student.is_disabled


def test_the_nav_link_shows_only_for_admins(auth, admin, teacher):
    auth.login(teacher)
    assert "/admin/" not in auth.client.get("/").get_data(as_text=True)
    auth.logout()
    auth.login(admin)
    assert 'href="/admin/"' in auth.client.get("/").get_data(as_text=True)
