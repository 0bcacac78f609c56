"""A whole live session in real browsers: the teacher's laptop leads, three phones
join by the session's link (as its QR code opens it), answer, and see each reveal.
The phones move on by themselves (htmx polling). Every page is checked with axe."""

from .axe import audit
from .flows import log_in
from .live_flows import (
    SCREENSHOTS,
    answer_on,
    every_phone,
    join_by_link,
    open_class,
    open_session,
    press,
    see_feedback,
)

LAPTOP = {"width": 1366, "height": 768}
PROJECTOR = {"width": 1920, "height": 1080}


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
