"""Every learner POST sent after the session ended (the cookie gone, or the session
idled out) leads to the login page and from there back to a page the person can see:
never the POST's own URL, which only answers 405."""

from urllib.parse import parse_qs, urlsplit

import pytest

from quizapp.content import PRE_QUIZ
from quizapp.extensions import db
from quizapp.models import Assignment

from ..conftest import make_class
from .helpers import answer_all, finish, items, start
from .teach_helpers import lessons

LEARNER_BLUEPRINTS = ("learn", "join", "account")


def learner_post_urls(app, ids: dict) -> list[str]:
    """Every POST route of the learner's blueprints, with real ids filled in."""
    urls = []
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or rule.endpoint.split(".")[0] not in LEARNER_BLUEPRINTS:
            continue
        urls.append(rule.build({name: ids[name] for name in rule.arguments})[1])
    return sorted(urls)


@pytest.fixture
def world(app, client, auth, teacher, student):
    """A student who finished the myth check, in a class with an assignment."""
    classroom = make_class(teacher, students=[student])
    lesson = lessons(1)[0]
    assignment = Assignment(classroom_id=classroom.id, quiz_id=lesson.id)
    db.session.add(assignment)
    db.session.commit()
    auth.login(student)
    attempt_id = start(auth, PRE_QUIZ)
    answer_all(auth, attempt_id)
    finish(auth, attempt_id)
    ids = {
        "attempt_id": attempt_id,
        "quiz_id": lesson.id,
        "assignment_id": assignment.id,
        "classroom_id": classroom.id,
    }
    return ids, items(attempt_id)[0]


def login_target(response, url: str) -> str:
    assert response.status_code in (302, 303), (url, response.status_code)
    location = urlsplit(response.headers["Location"])
    assert location.path == "/login"
    return parse_qs(location.query)["next"][0]


def assert_comes_back_to_a_page(auth, client, student, post_url: str, target: str) -> None:
    auth.login(student)
    page = client.get(target)
    assert page.status_code < 400, (post_url, target, page.status_code)


def test_the_routes_checked_are_every_learner_post(app, world):
    ids, _ = world
    urls = learner_post_urls(app, ids)
    assert f"/attempts/{ids['attempt_id']}/finish" in urls
    assert f"/classes/{ids['classroom_id']}/leave" in urls
    assert "/account/password" in urls and len(urls) >= 10


def test_a_post_without_its_session_cookie_logs_in_back_to_a_page(
    app, client, auth, student, world
):
    ids, question_id = world
    for url in learner_post_urls(app, ids):
        client.delete_cookie("session")
        sent_from = "http://localhost/lessons/" + ids["quiz_id"]
        response = client.post(
            url, data={"question_id": question_id}, headers={"Referer": sent_from}
        )
        target = login_target(response, url)
        assert_comes_back_to_a_page(auth, client, student, url, target)


def test_a_post_after_the_session_idled_out_logs_in_back_to_a_page(
    app, client, auth, student, world, clock
):
    ids, question_id = world
    app.config["IDLE_MINUTES"] = 60
    for url in learner_post_urls(app, ids):
        token = auth.csrf_token("/help")
        clock.travel(hours=2)
        response = client.post(
            url,
            data={"csrf_token": token, "question_id": question_id},
            headers={"Referer": f"http://localhost{url}"},
        )
        target = login_target(response, url)
        assert_comes_back_to_a_page(auth, client, student, url, target)


def test_finish_and_retry_come_back_to_the_attempt(app, client, world):
    ids, _ = world
    attempt_url = f"/attempts/{ids['attempt_id']}"
    for action in ("finish", "retry"):
        client.delete_cookie("session")
        response = client.post(f"{attempt_url}/{action}", headers={"Referer": "http://localhost/"})
        assert login_target(response, action) == attempt_url
