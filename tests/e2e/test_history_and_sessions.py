"""A student's quiz through Back, Forward and refresh, an ended session, and two
tabs on one question."""

import pytest
from playwright.sync_api import expect

from .axe import audit
from .flows import PASSWORD, answer_question, current_question_id, follow, start_myth_check
from .screens import shot

LAPTOP = {"width": 1366, "height": 768}


def expect_whole_page(page, position: int) -> None:
    """Header, navigation, footer with the help link, and the right question."""
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    expect(page.locator("footer").get_by_role("link", name="Get help now")).to_be_visible()
    expect(page.locator("h1.quiz-title")).to_be_visible()
    expect(page.locator("#card .quiz-progress")).to_contain_text(f"Question {position} of")
    assert page.locator("#card").count() == 1


def go(page, step: str) -> None:
    """Back, Forward or refresh, and wait for the page it loads: htmx reloads the
    page itself when Back lands on an entry it pushed (refreshOnHistoryMiss)."""
    with page.expect_event("load"):
        getattr(page, "reload" if step == "reload" else f"go_{step}")()


def next_question(page, position: int) -> None:
    page.get_by_role("link", name="Next question").click()
    page.get_by_text(f"Question {position} of").wait_for()


@pytest.mark.parametrize("viewport", [{"width": 360, "height": 740}, LAPTOP])
def test_back_forward_and_refresh_always_show_a_whole_page(open_page, live_server, viewport):
    page = open_page(viewport=viewport)
    start_myth_check(page, live_server)
    answer_question(page, live_server)
    next_question(page, 2)
    audit(page, "question 2")
    answer_question(page, live_server)
    audit(page, "feedback 2")
    next_question(page, 3)
    audit(page, "question 3")

    steps = [("back", 2), ("back", 1), ("forward", 2), ("forward", 3), ("reload", 3)]
    for step, position in steps:
        go(page, step)
        expect_whole_page(page, position)
        audit(page, f"{step} to {position}")
    shot(page, "history-after-back-forward-refresh")
    answered = page.locator("#card .feedback")
    expect(answered).to_have_count(0)  # question 3 is still open, ready to answer
    go(page, "back")
    audit(page, "back to the feedback of 2")
    expect_whole_page(page, 2)
    expect(page.locator("#card .feedback")).to_be_visible()
    next_question(page, 3)
    audit(page, "next again")
    expect_whole_page(page, 3)


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_answer_after_the_session_ended_says_so_and_login_returns_to_the_question(
    open_page, live_server, color_scheme
):
    page = open_page(color_scheme=color_scheme)
    username = start_myth_check(page, live_server)
    answer_question(page, live_server)
    next_question(page, 2)
    audit(page, "question 2")
    question_url, question_id = page.url, current_question_id(page)

    page.context.clear_cookies()  # the session ended: the browser dropped its cookie
    page.locator("#card input[name=choice]").first.check()
    page.locator("#card .certainty").get_by_label("Certain").check()
    page.get_by_role("button", name="Check answer").click()
    card = page.locator("#card")
    expect(card).to_contain_text("You were logged out")
    expect(card).to_contain_text("Your earlier answers are saved")
    audit(page, "logged out card")
    shot(page, "quiz-logged-out")

    follow(page, card.get_by_role("link", name="Log in to go on"))
    audit(page, "login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(question_url)
    audit(page, "back at the question")
    expect_whole_page(page, 2)
    assert current_question_id(page) == question_id


def test_second_tab_is_told_and_shown_the_answer_actually_saved(open_page, live_server):
    first = open_page()
    start_myth_check(first, live_server)
    second = first.context.new_page()
    second.goto(first.url)
    audit_twin = second  # a second tab of the same browser, same session

    answer_question(first, live_server, kind="myth")
    audit(first, "first tab feedback")
    picked_first = first.locator("#card li.picked").inner_text()

    answer_question(audit_twin, live_server, kind="right")
    card = second.locator("#card")
    expect(card).to_contain_text("You had already answered this question")
    expect(card.locator(".verdict")).to_contain_text("Not quite")
    assert second.locator("#card li.picked").inner_text() == picked_first
    shot(second, "second-tab-already-answered")
