"""Every admin page fits a 360 px phone: nothing scrolls the page sideways (wide tables
scroll inside their own frame)."""

import uuid

import pytest

from quizapp.extensions import db
from quizapp.users.accounts import create_user, find_user

from .axe import audit
from .flows import PASSWORD, finish_myth_check, sign_in

ADMIN_PAGES = ("/admin/", "/admin/lessons", "/admin/myths", "/admin/efficacy", "/admin/items")
ADMIN_PAGES += ("/admin/items?suspect=y", "/admin/export", "/admin/users")


def a_learner_with_answers(live_server) -> int:
    username = f"w{uuid.uuid4().hex[:8]}"
    with live_server.app.app_context():
        create_user(username, PASSWORD, "student")
        db.session.commit()
    finish_myth_check(live_server, username)
    with live_server.app.app_context():
        return find_user(username).id


def sideways_scroll(page) -> int:
    """How far the page itself scrolls sideways, in CSS px (0 when it fits)."""
    return page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_no_admin_page_scrolls_sideways_on_a_phone(open_page, live_server, color_scheme):
    learner_id = a_learner_with_answers(live_server)
    page = open_page(color_scheme=color_scheme)
    sign_in(page, live_server, "demo-admin")
    for path in (*ADMIN_PAGES, f"/admin/users/{learner_id}"):
        page.goto(live_server(path))
        audit(page, path)
        assert page.evaluate("window.innerWidth") == 360
        assert sideways_scroll(page) <= 0, f"{path} scrolls {sideways_scroll(page)} px sideways"
