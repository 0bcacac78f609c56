"""A live session's phone as students use it: without JavaScript (the page refreshes
itself and has a Refresh button), through Back, Forward and refresh, and open in
two tabs. Each keeps the phone on the class's current question with a whole page."""

import time
from functools import partial

from playwright.sync_api import expect

from quizapp.extensions import db
from quizapp.models import Answer, User

from .axe import PageAudit, audit
from .flows import follow
from .live_flows import answer_on, join_by_link, open_class, open_session, press

LAPTOP = {"width": 1366, "height": 768}


def refreshes_until(page, shown, action) -> None:
    """Do `action` (the teacher's click), then follow the page's own refreshes (a meta
    refresh every few seconds without JavaScript), checking each page they load,
    until `shown()` holds. Each wait starts before the load it waits for."""
    deadline = time.monotonic() + 30
    while True:
        with page.expect_event("load", timeout=15_000):
            if action:
                action()
                action = None
        audit(page, "refreshed by itself")
        if shown():
            return
        assert time.monotonic() < deadline, f"{page.url} never showed what was awaited"


def moved_on(tab, marker: str) -> None:
    """With JavaScript the page reloads itself once when the class moves on."""
    tab.get_by_text(marker).first.wait_for()
    audit(tab, marker)


def expect_whole_live_page(page, words: str) -> None:
    """The header, the footer's help link and, on the phone's screen, `words`."""
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    expect(page.locator("footer").get_by_role("link", name="Get help now")).to_be_visible()
    expect(page.locator(".live-phone")).to_contain_text(words)


def on_screen(page, words: str) -> bool:
    return page.get_by_text(words).count() > 0


def stored_answers(live_server, username: str) -> list[tuple[int, int]]:
    with live_server.app.app_context():
        query = (
            db.select(Answer.choice_id, Answer.certainty)
            .join(User, User.id == Answer.user_id)
            .where(User.username == username)
        )
        return [tuple(row) for row in db.session.execute(query)]


def test_a_phone_without_javascript_follows_the_session(open_page, live_server):
    teacher = open_page(viewport=LAPTOP)
    open_class(teacher, live_server)
    link = open_session(teacher)
    phone = open_page(java_script_enabled=False)
    join_by_link(phone, live_server, link)

    follow(phone, phone.get_by_role("link", name="Refresh"))
    audit(phone, "lobby, refreshed by its button")
    expect_whole_live_page(phone, "You're in!")

    refreshes_until(
        phone,
        lambda: on_screen(phone, "Question 1 of"),
        partial(press, teacher, "Start", "Question 1 of"),
    )
    expect(phone.get_by_role("link", name="Refresh")).to_have_count(0)
    answer_on(phone, 1, 0)

    follow(phone, phone.get_by_role("link", name="Refresh"))
    audit(phone, "answer saved, refreshed by its button")
    expect(phone.get_by_text("Answer saved")).to_be_visible()

    reveal = partial(press, teacher, "Reveal", "Right answer")
    refreshes_until(phone, lambda: phone.locator(".feedback").count() > 0, reveal)
    expect(phone.locator(".feedback")).to_contain_text("Your answer")

    end = partial(press, teacher, "End session", "Session over")
    refreshes_until(phone, lambda: on_screen(phone, "The session is over"), end)
    follow(phone, phone.get_by_role("link", name="See my myths"))
    audit(phone, "my myths after the session")
    expect(phone.get_by_role("heading", name="My myths")).to_be_visible()


def test_back_forward_refresh_and_a_second_tab_keep_the_current_question(open_page, live_server):
    teacher = open_page(viewport=LAPTOP)
    open_class(teacher, live_server)
    link = open_session(teacher)
    phone = open_page(color_scheme="dark")
    username = join_by_link(phone, live_server, link)
    second = phone.context.new_page()
    second_audit = PageAudit(second)
    second.goto(phone.url)
    audit(second, "the lobby in a second tab")

    press(teacher, "Start", "Question 1 of")
    for tab in (phone, second):
        moved_on(tab, "Question 1 of")
    answer_on(phone, 1, 0)

    second.locator('input[name="choice"]').nth(1).check()
    second.locator('input[name="certainty"][value="1"]').check()
    second.get_by_role("button", name="Send answer").click()
    second.get_by_text("your first answer is the one saved").wait_for()
    audit(second, "the second tab's answer, refused")
    expect(second.get_by_text("Answer saved")).to_be_visible()
    assert len(stored_answers(live_server, username)) == 1
    assert stored_answers(live_server, username)[0][1] == 3

    for step in ("go_back", "go_forward", "reload"):
        with phone.expect_event("load"):
            getattr(phone, step)()
        audit(phone, step)
        expect_whole_live_page(phone, "Question 1 of")
        expect(phone.get_by_text("Answer saved")).to_be_visible()
        expect(phone.locator('input[name="choice"]')).to_have_count(0)

    press(teacher, "Reveal", "Right answer")
    for tab in (phone, second):
        moved_on(tab, "Your answer")
        expect(tab.locator(".feedback")).to_contain_text("Certain")
    second_audit.assert_every_page_audited()
