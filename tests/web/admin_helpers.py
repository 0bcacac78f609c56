"""Shared steps for the admin tests: learners taking quizzes on chosen days."""

from datetime import datetime, timedelta

from quizapp import attempts
from quizapp.content import POST_QUIZ, PRE_QUIZ
from quizapp.extensions import db
from quizapp.models import Quiz
from tests.conftest import real_course
from tests.web import helpers
from tests.web.teach_helpers import switch

MYTHS = len(real_course().myths)
"""Items in each myth check: one per myth."""

DAY_ONE = datetime(2026, 3, 2, 10, 0)
DAY_TWO = datetime(2026, 3, 9, 10, 0)


def take(
    app, auth, user, quiz_id: str, wrong=frozenset(), when=DAY_ONE, finish=True, minutes=0
) -> int:
    """Log in as `user` and take the quiz at `when`: every item right except `wrong`.

    The attempt starts through the service (the final check's lock on the lessons
    is not what these tests are about); answers and finishing go through the app.
    """
    app.config["CLOCK"] = lambda: when
    switch(auth, user)
    attempt_id = attempts.start_attempt(user.id, db.session.get(Quiz, quiz_id)).id
    app.config["CLOCK"] = lambda: when + timedelta(minutes=minutes)
    if finish:
        helpers.answer_all(auth, attempt_id, wrong=set(wrong))
        helpers.finish(auth, attempt_id)
    else:
        question_id = helpers.items(attempt_id)[0]
        helpers.answer(auth, attempt_id, question_id, helpers.choice(question_id).id)
    return attempt_id


def pre_and_post(app, auth, user, pre_wrong=(), post_wrong=()) -> None:
    take(app, auth, user, PRE_QUIZ, wrong=pre_wrong)
    take(app, auth, user, POST_QUIZ, wrong=post_wrong, when=DAY_TWO)


def admin_view(auth, admin, path: str):
    switch(auth, admin)
    response = auth.client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response
