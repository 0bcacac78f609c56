"""A student on a phone: sign up, myth check, a lesson and its quiz, My myths;
once with htmx and once with JavaScript turned off (in dark mode)."""

import re

import pytest

from .axe import audit
from .flows import register, take_quiz

WAYS = {
    "htmx-light": {},
    "no-js-dark": {"java_script_enabled": False, "color_scheme": "dark"},
}


@pytest.mark.parametrize("way", WAYS)
def test_student_holds_the_myth_they_picked(open_page, live_server, way):
    page = open_page(**WAYS[way])
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

    score = page.locator(".score-label").first.inner_text()
    right, total = re.match(r"(\d+) of (\d+) right", score).groups()
    assert int(right) == int(total) - 1
    page.get_by_role("link", name="My myths").first.click()
    audit(page, "my myths")
    held = page.locator(".myth-list > li").filter(has_text=wrong.myth.statement)
    assert held.get_by_text("Firmly held").is_visible()
    assert page.evaluate("typeof htmx") == ("undefined" if way.startswith("no-js") else "object")
