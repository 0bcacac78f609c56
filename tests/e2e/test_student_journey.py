"""A student on a phone: sign up, myth check, a lesson and its quiz, My myths."""

import re

from .axe import audit
from .flows import register, take_quiz


def test_student_holds_the_myth_they_picked(page, live_server):
    register(page, live_server)

    page.get_by_role("link", name="Take the myth check").click()
    audit(page, "myth check intro")
    page.get_by_role("button", name="Start the myth check").click()
    page.get_by_text("Question 1 of").wait_for()
    take_quiz(page, live_server)

    page.get_by_role("link", name="Back to the lessons").click()
    audit(page, "course")
    page.get_by_role("link", name="1. What clonazepam is").click()
    page.get_by_role("heading", level=1, name="What clonazepam is").wait_for()
    audit(page, "lesson")
    page.get_by_role("heading", name="Key facts").scroll_into_view_if_needed()
    page.get_by_role("button", name="Take the quiz").click()
    page.get_by_text("Question 1 of").wait_for()
    wrong = take_quiz(page, live_server, wrong_once=True)

    right, total = re.match(
        r"(\d+) of (\d+) right", page.locator(".score-label").first.inner_text()
    ).groups()
    assert int(right) == int(total) - 1
    page.get_by_role("link", name="My myths").first.click()
    audit(page, "my myths")
    held = page.locator(".myth-list > li").filter(has_text=wrong.myth.statement)
    assert held.get_by_text("Firmly held").is_visible()
