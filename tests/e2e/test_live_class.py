"""A whole live session in real browsers: the teacher's laptop leads, three phones
join by the session's link (as its QR code opens it), answer, and see each reveal.
The phones move on by themselves (htmx polling). Every page is checked with axe."""

from pathlib import Path

from .axe import audit
from .flows import log_in, register

LAPTOP = {"width": 1366, "height": 768}
PROJECTOR = {"width": 1920, "height": 1080}
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


def join_by_link(phone, live_server, link: str) -> None:
    register(phone, live_server)
    phone.goto(link)
    audit(phone, "join offer")
    phone.get_by_role("button", name="Join the class and the session").click()
    phone.get_by_role("heading", name="You're in!").wait_for()
    audit(phone, "lobby on the phone")


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


def test_a_class_runs_a_live_session_on_a_projector_and_three_phones(open_page, live_server):
    teacher = open_page(viewport=LAPTOP)
    open_class(teacher, live_server)
    link = open_session(teacher)
    phones = [open_page(), open_page(), open_page(color_scheme="dark")]
    for phone in phones:
        join_by_link(phone, live_server, link)
    teacher.get_by_text("3 joined").wait_for()

    press(teacher, "Start", "Question 1 of")
    for n, phone in enumerate(phones):
        answer_on(phone, 1, n % 2)
    teacher.get_by_text("3 answered").wait_for()
    press(teacher, "Reveal", "Right answer")
    assert teacher.locator(".live-bar").count() >= 2
    for phone in phones:
        see_feedback(phone)

    projector = open_page(viewport=PROJECTOR, color_scheme="dark")
    log_in(projector, live_server, "demo-teacher")
    projector.goto(teacher.url)
    projector.get_by_text("Right answer").first.wait_for()
    audit(projector, "the projector on another device, dark")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    projector.screenshot(path=str(SCREENSHOTS / "live-reveal-1920-dark.png"))
    projector.close()
    teacher.screenshot(path=str(SCREENSHOTS / "live-reveal-1366.png"))

    press(teacher, "Next question", "Question 2 of")
    every_phone(phones, "Question 2 of", "question 2")
    press(teacher, "Pause", "Paused")
    every_phone(phones, "Your teacher paused the session", "paused")
    press(teacher, "Resume", "Question 2 of")
    every_phone(phones, "Question 2 of", "question 2 again")
    phones[1].screenshot(path=str(SCREENSHOTS / "live-question-phone.png"))
    phones[2].screenshot(path=str(SCREENSHOTS / "live-question-phone-dark.png"))
    answer_on(phones[0], 2, 0)
    teacher.get_by_text("1 answered").wait_for()
    press(teacher, "Reveal", "Right answer")
    see_feedback(phones[0])
    every_phone(phones[1:], "You did not answer this one", "revealed without an answer")
    phones[0].screenshot(path=str(SCREENSHOTS / "live-feedback-phone.png"))

    press(teacher, "End session", "Session over")
    every_phone(phones, "The session is over", "ended")
    teacher.get_by_role("link", name="See the results").click()
    teacher.get_by_role("heading", name="Per myth").wait_for()
    audit(teacher, "results")
    assert teacher.get_by_role("row").count() > 3
