"""What the people of a live session do in the browser: the teacher opens a class and a
session and presses its controls, a phone joins by the session's link and answers.
Every page they land on is checked with axe."""

from pathlib import Path

from .axe import audit
from .flows import log_in, register

SCREENSHOTS = Path(__file__).resolve().parents[2] / "instance" / "screenshots"


def open_class(teacher, live_server) -> None:
    log_in(teacher, live_server, "demo-teacher")
    teacher.get_by_role("link", name="My classes").click()
    audit(teacher, "my classes")
    teacher.get_by_role("link", name="New class").click()
    audit(teacher, "new class")
    teacher.get_by_label("Class name").fill("Health, live period")
    teacher.get_by_role("button", name="Create class").click()
    teacher.get_by_role("heading", name="Live sessions").wait_for()
    audit(teacher, "class")


def open_session(teacher) -> str:
    """From the class page to the lobby; returns the session's join link."""
    teacher.get_by_role("link", name="Run a live session").click()
    audit(teacher, "new session")
    teacher.get_by_label("Questions").select_option(index=2)
    teacher.get_by_label("Show a class goal: myths this class busted today").check()
    teacher.get_by_role("button", name="Open the session").click()
    teacher.get_by_role("heading", name="Join the live session").wait_for()
    audit(teacher, "lobby")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    teacher.screenshot(path=str(SCREENSHOTS / "live-lobby-1366.png"))
    return teacher.locator(".live-lobby .meta").inner_text()


def join_by_link(phone, live_server, link: str) -> str:
    """A newcomer signs up and joins the class and the session; returns the username."""
    username = register(phone, live_server)
    phone.goto(link)
    audit(phone, "join offer")
    phone.get_by_role("button", name="Join the class and the session").click()
    phone.get_by_role("heading", name="You're in!").wait_for()
    audit(phone, "lobby on the phone")
    return username


def press(teacher, name: str, then: str) -> None:
    teacher.get_by_role("button", name=name, exact=True).click()
    teacher.get_by_text(then).first.wait_for()
    audit(teacher, name)


def answer_on(phone, position: int, choice: int) -> None:
    phone.get_by_text(f"Question {position} of").wait_for()
    if position == 1:
        audit(phone, "question 1")
    phone.locator('input[name="choice"]').nth(choice).check()
    phone.locator('input[name="certainty"][value="3"]').check()
    phone.get_by_role("button", name="Send answer").click()
    phone.get_by_text("Answer saved").wait_for()
    audit(phone, "waiting for the reveal")


def see_feedback(phone) -> None:
    phone.locator(".feedback").wait_for()
    audit(phone, "feedback")


def every_phone(phones, marker: str, label: str) -> None:
    """Each phone moves on by itself: wait for it there, and check the page it loaded."""
    for phone in phones:
        phone.get_by_text(marker).first.wait_for()
        audit(phone, label)
