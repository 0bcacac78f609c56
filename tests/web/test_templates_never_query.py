"""Templates never query: every page renders from what its view passed, without a
lazy load or any other SQL. The demo roles' walk reaches most pages; the tests here
render the rest, and one checks that every template a view renders was rendered."""

import re

from flask import render_template_string

from quizapp.content import PRE_QUIZ
from quizapp.extensions import db
from quizapp.models import Attempt, Classroom

from ..conftest import PASSWORD, ROOT, make_class, make_user, real_course
from .crawl import demo_walks
from .helpers import answer_all, choice, finish, items, start
from .learning_helpers import take_pre_check
from .template_queries import template_queries
from .test_live_pages import every_screen
from .test_lti_quality import lti_pages

QUIZ_PAGES = {"learn/question.html", "learn/all_answered.html", "learn/result.html"}
"""Rendered by the quiz pages' test below."""
HTMX = {"HX-Request": "true"}
TEMPLATE_NAME = re.compile(r'"((?:[a-z_]+/)?[a-z_]+\.html)"')


def templates_views_render() -> set[str]:
    """Every template named in the app's code: those a view renders as a response
    (templates only included by others are named in templates, not here)."""
    code = (path.read_text() for path in (ROOT / "quizapp").rglob("*.py"))
    return {name for text in code for name in TEMPLATE_NAME.findall(text)}


def test_no_page_of_the_demo_roles_runs_sql_while_its_template_renders(app, client):
    walks = demo_walks(app)

    caught = [f"{role}: {query}" for role, walk in walks.items() for query in walk.template_queries]
    assert not caught, "Templates that query:\n" + "\n".join(caught)
    assert all(len(walk.html_pages()) >= 5 for walk in walks.values())


def test_the_quiz_pages_the_walk_does_not_reach_run_no_sql_while_rendering(
    app, client, auth, student
):
    """The answer refused for want of a certainty, "All answered" (an attempt whose
    last answer did not score it) and the result."""
    auth.login(student)
    attempt = start(auth, PRE_QUIZ)
    first = items(attempt)[0]
    answer_all(auth, attempt)
    db.session.execute(db.update(Attempt).where(Attempt.id == attempt).values(finished_at=None))
    db.session.commit()
    with template_queries(app) as caught:
        unsure = auth.post(
            f"/attempts/{attempt}/answer", {"question_id": first, "choice": str(choice(first).id)}
        )
        all_answered = client.get(f"/attempts/{attempt}/finish")
        result = finish(auth, attempt)

    assert (unsure.status_code, all_answered.status_code, result.status_code) == (422, 200, 200)
    assert "All answered" in all_answered.get_data(as_text=True)
    assert not caught, "Templates that query:\n" + "\n".join(map(str, caught))
    assert caught.templates >= QUIZ_PAGES


def test_the_pages_no_walk_reaches_run_no_sql_and_every_template_is_rendered(
    app, client, auth, student, teacher, lms
):
    """A visitor's pages and an error; a student's lesson, spaced review, a card
    swapped in by htmx and the card that says the session ended; a teacher's refused
    re-teach; the page that asks for a password of one's own; every live session
    screen and every LTI page."""
    classroom = make_class(teacher)
    lesson = real_course().lessons[0].id
    reset = make_user("student")
    reset.must_change_password = True
    db.session.commit()
    with template_queries(app) as caught:
        statuses = [client.get(path).status_code for path in ("/", "/login", "/register", "/nope")]
        auth.login(student)
        take_pre_check(auth, {})
        statuses += [client.get(path).status_code for path in (f"/lessons/{lesson}", "/review")]
        attempt = start(auth, lesson)
        swapped = client.get(f"/attempts/{attempt}/questions/1", headers=HTMX)
        token = auth.csrf_token(f"/attempts/{attempt}/questions/1")
        client.delete_cookie("session")
        sent = {"csrf_token": token, "question_id": items(attempt)[0], "certainty": "2"}
        ended = client.post(f"/attempts/{attempt}/answer", data=sent, headers=HTMX)
        auth.login(teacher)
        reteach = auth.post(f"/teach/classes/{classroom.id}/reteach", {"share": "oops"})
        auth.logout()
        auth.login(reset, PASSWORD)
        statuses.append(client.get("/account/new-password").status_code)
        auth.logout()
        every_screen(app)
        lti_pages(app, app.test_client(), lms, "en")

    assert statuses == [200, 200, 200, 404, 200, 200, 200]
    assert (swapped.status_code, ended.status_code, reteach.status_code) == (200, 401, 422)
    assert not caught, "Templates that query:\n" + "\n".join(map(str, caught))
    rendered = caught.templates | QUIZ_PAGES
    rendered |= set().union(*(walk.templates for walk in demo_walks(app).values()))
    assert templates_views_render() - rendered == set(), "pages no test renders"


def test_a_lazy_relationship_read_in_a_template_is_caught(app, teacher):
    classroom_id, teacher_name = make_class(teacher, "Period 2").id, teacher.username
    db.session.expunge_all()
    classroom = db.session.get(Classroom, classroom_id)

    with app.test_request_context("/somewhere"), template_queries(app) as caught:
        shown = render_template_string("{{ classroom.teacher.username }}", classroom=classroom)

    assert shown == teacher_name
    assert [(query.url, query.template) for query in caught] == [("/somewhere", "<string>")]
    assert "FROM user" in caught[0].statement.replace('"', "")
