"""Users page: search, change a role, disable an account, never lose the last admin."""

from quizapp.extensions import db
from quizapp.models import User
from tests.conftest import Auth, make_user
from tests.security.conftest import FreshContextClient


def reload(user: User) -> User:
    db.session.refresh(user)
    return user


def test_search_by_name_and_role(auth, admin):
    for name in ("amira", "amir", "bo"):
        make_user("student", username=name)
    make_user("teacher", username="amiral")
    auth.login(admin)

    page = auth.client.get("/admin/users?q=AMIR&role=student").get_data(as_text=True)

    assert "amira</a>" in page and "amir</a>" in page
    assert "amiral" not in page and "bo</a>" not in page
    assert "2 accounts" in page
    any_role = auth.client.get("/admin/users?q=amir").get_data(as_text=True)
    assert "3 accounts with “amir” in the name" in any_role
    assert "Not a valid choice" not in any_role


def test_long_lists_come_in_pages(auth, admin):
    for n in range(55):
        make_user("student", username=f"pupil{n:02d}")
    auth.login(admin)

    first = auth.client.get("/admin/users?role=student").get_data(as_text=True)
    second = auth.client.get("/admin/users?role=student&page=2").get_data(as_text=True)

    assert "pupil00" in first and "pupil54" not in first
    assert "pupil54" in second and "Next page" in first and "Previous page" in second


def test_change_a_role(auth, admin, student):
    auth.login(admin)

    response = auth.post(f"/admin/users/{student.id}/role", {"role": "teacher", "confirm": "yes"})

    assert response.status_code == 303
    assert reload(student).role == "teacher"
    page = auth.client.get(response.location).get_data(as_text=True)
    assert f"{student.username} is now a teacher." in page


def test_an_unknown_role_changes_nothing(auth, admin, student):
    auth.login(admin)

    assert (
        auth.post(f"/admin/users/{student.id}/role", {"role": "root", "confirm": "yes"}).status_code
        == 400
    )
    assert reload(student).role == "student"


def test_the_last_admin_cannot_be_demoted(auth, admin):
    auth.login(admin)

    response = auth.post(f"/admin/users/{admin.id}/role", {"role": "teacher", "confirm": "yes"})

    assert response.status_code == 303
    assert reload(admin).role == "admin"
    page = auth.client.get(response.location).get_data(as_text=True)
    assert "is the last active admin" in page
    assert "Make another account an admin first." in page


def test_a_disabled_admin_does_not_count(auth, admin):
    other = make_user("admin")
    other.is_disabled = True
    db.session.commit()
    auth.login(admin)

    auth.post(f"/admin/users/{admin.id}/role", {"role": "student", "confirm": "yes"})

    assert reload(admin).role == "admin"


def test_with_two_admins_one_may_step_down(auth, admin):
    make_user("admin")
    auth.login(admin)

    response = auth.post(f"/admin/users/{admin.id}/role", {"role": "teacher", "confirm": "yes"})

    assert response.status_code == 303
    assert reload(admin).role == "teacher"
    assert auth.client.get("/admin/").status_code == 403


def test_disabling_ends_every_session_at_once(app, admin, student):
    app.test_client_class = FreshContextClient  # two browsers in one test
    learner, manager = Auth(app.test_client()), Auth(app.test_client())
    learner.login(student)
    assert learner.client.get("/my-myths").status_code == 200
    manager.login(admin)

    response = manager.post(
        f"/admin/users/{student.id}/access", {"action": "disable", "confirm": "yes"}
    )

    assert response.status_code == 303
    assert reload(student).is_disabled
    assert learner.client.get("/my-myths").status_code == 302  # back to the login page
    page = manager.client.get(response.location).get_data(as_text=True)
    assert "is disabled and logged out everywhere" in page


def test_enable_again_and_a_repeat_changes_nothing(auth, admin, student):
    auth.login(admin)
    url = f"/admin/users/{student.id}/access"
    auth.post(url, {"action": "disable", "confirm": "yes"})
    token = reload(student).session_token

    auth.post(url, {"action": "disable", "confirm": "yes"})
    assert reload(student).session_token == token
    auth.post(url, {"action": "enable", "confirm": "yes"})

    assert not reload(student).is_disabled


def test_nobody_disables_their_own_account(auth, admin):
    make_user("admin")
    auth.login(admin)

    response = auth.post(f"/admin/users/{admin.id}/access", {"action": "disable", "confirm": "yes"})

    assert not reload(admin).is_disabled
    assert "You cannot disable your own account." in auth.client.get(response.location).get_data(
        as_text=True
    )


def test_an_access_change_needs_its_action(auth, admin, student):
    auth.login(admin)

    assert (
        auth.post(
            f"/admin/users/{student.id}/access", {"action": "delete", "confirm": "yes"}
        ).status_code
        == 400
    )
    assert not reload(student).is_disabled


def test_unknown_users_are_404(auth, admin):
    auth.login(admin)

    assert auth.client.get("/admin/users/99999").status_code == 404
    assert (
        auth.post("/admin/users/99999/role", {"role": "teacher", "confirm": "yes"}).status_code
        == 404
    )


def test_a_search_no_username_could_match_is_named(auth, admin):
    auth.login(admin)

    page = auth.client.get("/admin/users?q=a%3Fb").get_data(as_text=True)

    assert "Usernames have only letters, numbers, dots, dashes and underscores." in page
