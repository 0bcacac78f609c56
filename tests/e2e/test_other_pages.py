"""The pages the main journeys pass by: public pages and error states, the
account pages, myth review, and retrying the questions missed in a lesson quiz."""

import pytest

from .axe import audit
from .flows import finish_myth_check, register, take_quiz

PUBLIC = ["/", "/help", "/login", "/register", "/no-such-page"]
STUDENT = ["/account/", "/account/password", "/account/delete", "/review", "/join"]


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_public_pages_and_form_errors(open_page, live_server, color_scheme):
    page = open_page(color_scheme=color_scheme)
    for path in PUBLIC:
        page.goto(live_server(path))
        audit(page, path)
    page.goto(live_server("/login"))
    audit(page, "login")
    page.get_by_label("Username").fill("nobody-here")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Log in").click()
    page.get_by_text("do not match").wait_for()
    audit(page, "login error")
    page.goto(live_server("/register"))
    audit(page, "register")
    page.get_by_role("button", name="Create account").click()
    page.locator(".field-error").first.wait_for()
    audit(page, "register errors")


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_account_and_review_pages(open_page, live_server, color_scheme):
    page = open_page(color_scheme=color_scheme)
    register(page, live_server)
    for path in STUDENT:
        page.goto(live_server(path))
        audit(page, path)
    page.get_by_label("Class code").fill("NOPE123")
    page.get_by_role("button", name="Join class").click()
    page.locator(".field-error").wait_for()
    audit(page, "join error")


def test_retry_the_missed_question(page, live_server):
    username = register(page, live_server)
    finish_myth_check(live_server, username)
    page.goto(live_server("/lessons/what-clonazepam-is"))
    audit(page, "lesson")
    page.get_by_role("button", name="Take the quiz").click()
    take_quiz(page, live_server, wrong_once=True)
    page.get_by_role("button", name="Retry the one I missed").click()
    page.get_by_text("Question 1 of 1").wait_for()
    take_quiz(page, live_server)
    page.goto(live_server("/"))
    audit(page, "course after the retry")
