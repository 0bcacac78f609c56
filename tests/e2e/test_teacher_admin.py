"""A teacher makes a class and a student joins it by code; an admin reads the
overview. Each page is checked with axe (teacher and admin on a laptop)."""

import pytest

from .axe import audit
from .flows import follow, log_in, register

LAPTOP = {"width": 1366, "height": 768}


def visit_each(page, where: str, links) -> None:
    """Follow each link of the navigation `where` by name and audit where it lands."""
    for name in links:
        follow(page, page.get_by_role("navigation", name=where).get_by_role("link", name=name))
        audit(page, name)


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_teacher_makes_a_class_and_a_student_joins_by_code(open_page, live_server, color_scheme):
    teacher = open_page(viewport=LAPTOP, color_scheme=color_scheme)
    log_in(teacher, live_server, "demo-teacher")
    teacher.get_by_role("link", name="My classes").click()
    audit(teacher, "my classes")
    teacher.get_by_role("link", name="New class").click()
    audit(teacher, "new class")
    teacher.get_by_label("Class name").fill(f"Health, period 3 ({color_scheme})")
    teacher.get_by_role("button", name="Create class").click()
    teacher.get_by_role("heading", name="How students join").wait_for()
    audit(teacher, "class")
    code = teacher.locator(".code-big").inner_text()

    student = open_page(color_scheme=color_scheme)
    register(student, live_server)
    student.get_by_role("link", name="Join a class with a code").click()
    student.get_by_label("Class code").wait_for()
    audit(student, "join")
    student.get_by_label("Class code").fill(code)
    student.get_by_role("button", name="Join class").click()
    student.get_by_text("You joined").wait_for()
    audit(student, "joined")

    visit_each(teacher, "This class", ["Progress", "Myths", "Overview"])
    teacher.get_by_role("link", name="Show QR code").click()
    audit(teacher, "QR code")
    teacher.go_back()
    audit(teacher, "back from the QR code")
    visit_each(teacher, "This class", ["Students"])
    assert teacher.locator("main").get_by_text(student_name(student)).first.is_visible()


def student_name(page) -> str:
    return page.locator("main h1").inner_text().removeprefix("Hi, ")


def test_admin_opens_the_overview(open_page, live_server):
    admin = open_page(viewport=LAPTOP, color_scheme="dark")
    log_in(admin, live_server, "demo-admin")
    admin.get_by_role("link", name="Admin").click()
    admin.get_by_role("heading", level=1).wait_for()
    audit(admin, "overview")
    visit_each(admin, "Admin", ["Lessons", "Myths", "Items", "Users", "Export", "Overview"])
