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


@pytest.mark.parametrize(
    "viewport", [{"width": 1366, "height": 768}, {"width": 360, "height": 740}]
)
@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_admin_opens_and_prints_the_efficacy_report(open_page, live_server, viewport, color_scheme):
    page = open_page(viewport=viewport, color_scheme=color_scheme)
    log_in(page, live_server, "demo-admin")
    page.get_by_role("navigation", name="Admin").get_by_role("link", name="Efficacy report").click()
    page.get_by_role("heading", name="Learners holding each myth").wait_for()
    audit(page, "efficacy report")
    assert page.get_by_text("Wilson score interval").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".filters").is_visible()
    assert page.get_by_role("heading", name="Method").is_visible()
