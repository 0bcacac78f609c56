"""Templates never query: every page the demo roles reach renders from what its
view passed, without a lazy load or any other SQL."""

from flask import render_template_string

from quizapp.content import PRE_QUIZ
from quizapp.extensions import db
from quizapp.models import Attempt, Classroom

from ..conftest import make_class
from .crawl import demo_walks
from .helpers import answer_all, choice, finish, items, start
from .template_queries import template_queries


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


def test_a_lazy_relationship_read_in_a_template_is_caught(app, teacher):
    classroom_id, teacher_name = make_class(teacher, "Period 2").id, teacher.username
    db.session.expunge_all()
    classroom = db.session.get(Classroom, classroom_id)

    with app.test_request_context("/somewhere"), template_queries(app) as caught:
        shown = render_template_string("{{ classroom.teacher.username }}", classroom=classroom)

    assert shown == teacher_name
    assert [(query.url, query.template) for query in caught] == [("/somewhere", "<string>")]
    assert "FROM user" in caught[0].statement.replace('"', "")
