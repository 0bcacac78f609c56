"""First visit on a phone: the lesson and a quiz question each load in at most
60 KB over the wire (compressed HTML, CSS, JS, icon), with no render-blocking
script, and the static files come back cached for a year."""

import pytest

from .axe import audit
from .flows import finish_myth_check, register

BUDGET = 60 * 1024


def transferred(page, url: str) -> tuple[int, list]:
    """Load `url` in this (cold) page; bytes on the wire and the responses."""
    responses = []
    page.on("requestfinished", lambda request: responses.append(request))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    total = 0
    for request in responses:
        sizes = request.sizes()
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    return total, responses


@pytest.fixture
def student_state(open_page, live_server):
    """Cookies of a signed-in student whose myth check is done."""
    page = open_page()
    username = register(page, live_server)
    finish_myth_check(live_server, username)
    return page.context.storage_state(), username


def test_lesson_and_question_fit_the_budget(open_page, live_server, student_state):
    state, _ = student_state
    lesson_page = open_page(storage_state=state)
    total, responses = transferred(lesson_page, live_server("/lessons/what-clonazepam-is"))
    audit(lesson_page, "lesson, cold cache")
    print(f"lesson first visit: {total} bytes")
    assert total <= BUDGET, f"lesson: {total} bytes"
    for request in responses:
        response = request.response()
        if "/static/" in request.url:
            assert "max-age=31536000" in response.headers["cache-control"]
        if request.resource_type in ("script", "stylesheet"):
            assert response.headers.get("content-encoding") in ("gzip", "br", "deflate", "zstd")
    assert lesson_page.locator("script:not([defer])").count() == 0

    lesson_page.get_by_role("button", name="Take the quiz").click()
    question_url = lesson_page.url
    audit(lesson_page, "question")
    question_page = open_page(storage_state=state)
    total, _ = transferred(question_page, question_url)
    audit(question_page, "question, cold cache")
    print(f"quiz question first visit: {total} bytes")
    assert total <= BUDGET, f"quiz question: {total} bytes"
