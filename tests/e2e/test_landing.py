"""After logging in through the form, each role lands on the page it works from."""

import pytest

from .axe import audit
from .flows import log_in

LANDINGS = [
    ("demo-teacher", "/teach/", "My classes"),
    ("demo-admin", "/admin/", "Results across every class"),
    ("demo-student", "/", "Hi, demo-student"),
]


@pytest.mark.parametrize(("username", "path", "heading"), LANDINGS)
def test_each_role_lands_where_it_works(page, live_server, username, path, heading):
    log_in(page, live_server, username)
    assert page.url == live_server(path)
    assert page.locator("main h1").inner_text() == heading


def test_next_still_wins_over_the_role_home(page, live_server):
    page.goto(live_server("/login?next=/help"))
    audit(page)
    page.get_by_label("Username").fill("demo-teacher")
    page.get_by_label("Password").fill("mythcheck-demo")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server("/help"))
    audit(page)
