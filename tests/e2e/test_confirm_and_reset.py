"""An admin on a phone goes through every admin page, disables a student and sets a
one-time password, each after a confirmation page; a teacher does the same for a
student of their class, and the student must then choose a new password. The
teacher's confirmations work with JavaScript turned off."""

import uuid

import pytest
from playwright.sync_api import expect

from quizapp.extensions import db
from quizapp.models import Classroom, Membership
from quizapp.users.accounts import create_user, find_user

from .axe import audit
from .flows import PASSWORD, follow, log_in, sign_in
from .screens import shot

LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 360, "height": 740}
ADMIN_PAGES = ["Lessons", "Myths", "Items", "Users", "Export", "Overview"]


def make_class_with_student(live_server) -> tuple[int, str]:
    """A class of demo-teacher with one new student; returns (class id, username)."""
    username = f"kid{uuid.uuid4().hex[:8]}"
    with live_server.app.app_context():
        student = create_user(username, PASSWORD)
        teacher = find_user("demo-teacher")
        classroom = Classroom(
            teacher_id=teacher.id, name="Period 3 Health", join_code=username[:10]
        )
        db.session.add(classroom)
        db.session.flush()
        db.session.add(Membership(classroom_id=classroom.id, user_id=student.id))
        db.session.commit()
        return classroom.id, username


def press(page, name: str, label: str) -> None:
    follow(page, page.get_by_role("button", name=name))
    audit(page, label)


def one_time_password(page) -> str:
    flash = page.locator(".flash").filter(has_text="One-time password for")
    return flash.inner_text().split(": ", 1)[1].split(" ")[0]


@pytest.mark.parametrize(
    ("viewport", "color_scheme"), [(PHONE, "light"), (PHONE, "dark"), (LAPTOP, "light")]
)
def test_admin_pages_and_account_actions_ask_first(open_page, live_server, viewport, color_scheme):
    _, username = make_class_with_student(live_server)
    admin = open_page(viewport=viewport, color_scheme=color_scheme)
    log_in(admin, live_server, "demo-admin")
    follow(admin, admin.get_by_role("link", name="Admin"))
    audit(admin, "overview")
    for name in ADMIN_PAGES:
        follow(admin, admin.get_by_role("navigation", name="Admin").get_by_role("link", name=name))
        audit(admin, name)
        shot(admin, f"admin-{name.lower()}")

    admin.get_by_role("navigation", name="Admin").get_by_role("link", name="Users").click()
    audit(admin, "users")
    admin.get_by_label("Name contains").fill(username)
    press(admin, "Search", "search")
    admin.get_by_role("link", name=username).click()
    audit(admin, "user")
    shot(admin, "admin-user")

    press(admin, "Disable account", "confirm disable")
    expect(admin.get_by_role("heading", name=f"Disable {username}?")).to_be_visible()
    shot(admin, "confirm-disable")
    admin.get_by_role("link", name="Cancel").click()
    audit(admin, "cancelled")
    expect(admin.locator(".item-figures")).to_contain_text("Active")
    press(admin, "Disable account", "confirm disable again")
    press(admin, f"Disable {username}", "disabled")
    expect(admin.get_by_text(f"{username} is disabled and logged out everywhere")).to_be_visible()

    press(admin, "Set a one-time password", "confirm reset")
    press(admin, "Set a one-time password", "reset done")
    assert len(one_time_password(admin)) == 14
    history = admin.get_by_role("region", name="Password")
    expect(history).to_contain_text("by demo-admin (admin)")
    shot(admin, "admin-user-after-reset")


def test_teacher_resets_a_password_without_javascript_and_the_student_chooses_one(
    open_page, live_server
):
    classroom_id, username = make_class_with_student(live_server)
    teacher = open_page(java_script_enabled=False)
    sign_in(teacher, live_server, "demo-teacher")
    teacher.goto(live_server(f"/teach/classes/{classroom_id}/students"))
    audit(teacher, "roster")
    teacher.get_by_role("link", name=username).click()
    audit(teacher, "student")
    press(teacher, "Set a one-time password", "confirm reset")
    shot(teacher, "teacher-confirm-reset")
    press(teacher, "Set a one-time password", "reset done")
    password = one_time_password(teacher)
    shot(teacher, "teacher-one-time-password")

    student = open_page()
    log_in(student, live_server, username, password)
    expect(student.get_by_role("heading", name="Choose your own password")).to_be_visible()
    shot(student, "student-choose-password")
    student.get_by_role("link", name="My myths").click()
    audit(student, "my myths refused")
    expect(student.get_by_role("heading", name="Choose your own password")).to_be_visible()
    student.get_by_label("New password", exact=True).fill("a phrase of my own")
    student.get_by_label("Repeat new password").fill("a phrase of my own")
    press(student, "Save my password", "saved")
    expect(student.get_by_text("Password saved")).to_be_visible()
    student.get_by_role("link", name="My myths").click()
    audit(student, "my myths")
    expect(student.get_by_role("heading", level=1)).to_contain_text("myths")


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_teacher_confirms_removing_archiving_and_new_code_without_javascript(
    open_page, live_server, color_scheme
):
    classroom_id, username = make_class_with_student(live_server)
    teacher = open_page(java_script_enabled=False, color_scheme=color_scheme)
    sign_in(teacher, live_server, "demo-teacher")
    teacher.goto(live_server(f"/teach/classes/{classroom_id}/students"))
    audit(teacher, "roster")
    press(teacher, f"Remove {username}", "confirm remove")
    expect(teacher.get_by_role("heading", name=f"Remove {username} from")).to_be_visible()
    shot(teacher, "confirm-remove")
    press(teacher, f"Remove {username}", "removed")
    expect(teacher.get_by_text(f"{username} was removed from the class")).to_be_visible()

    teacher.goto(live_server(f"/teach/classes/{classroom_id}"))
    audit(teacher, "class")
    old_code = teacher.locator(".code-big").inner_text()
    press(teacher, "New code (the old one stops working)", "confirm code")
    follow(teacher, teacher.get_by_role("link", name="Cancel"))
    audit(teacher, "cancelled")
    assert teacher.locator(".code-big").inner_text() == old_code
    press(teacher, "New code (the old one stops working)", "confirm code again")
    press(teacher, "Make a new code", "new code")
    assert teacher.locator(".code-big").inner_text() != old_code

    press(teacher, "Archive class", "confirm archive")
    shot(teacher, "confirm-archive")
    press(teacher, "Archive class", "archived")
    expect(teacher.get_by_text("Class archived.")).to_be_visible()
