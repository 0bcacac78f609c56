"""CSRF (ASVS 3.5.1): every state change needs the token, htmx sends it in a header,
and the token lives as long as the session."""

import time

from itsdangerous.timed import TimestampSigner

from quizapp.content import PRE_QUIZ
from tests.web.helpers import answer_count, choice, items, start

HTMX = {"HX-Request": "true"}


def _htmx_answer(client, attempt: int, question: str, headers: dict):
    return client.post(
        f"/attempts/{attempt}/answer",
        data={"question_id": question, "choice": str(choice(question).id), "certainty": "2"},
        headers=headers,
    )


def test_htmx_answer_with_the_csrf_header_is_saved(client, auth, student):
    auth.login(student)
    attempt = start(auth, PRE_QUIZ)
    question = items(attempt)[0]
    token = auth.csrf_token(f"/attempts/{attempt}/questions/1")

    response = _htmx_answer(client, attempt, question, {**HTMX, "X-CSRFToken": token})

    assert response.status_code == 200
    assert answer_count(attempt) == 1


def test_htmx_answer_without_a_token_is_refused_and_saves_nothing(client, auth, student):
    auth.login(student)
    attempt = start(auth, PRE_QUIZ)
    question = items(attempt)[0]

    for headers in (HTMX, {**HTMX, "X-CSRFToken": "forged"}):
        response = _htmx_answer(client, attempt, question, headers)
        assert response.status_code == 400
        assert "security token" in response.get_data(as_text=True)
    assert answer_count(attempt) == 0


def test_a_token_from_another_session_is_refused(new_client, client, auth, student):
    from tests.conftest import Auth, make_user

    other = new_client()
    Auth(other).login(make_user("student"))
    foreign_token = Auth(other).csrf_token("/help")
    auth.login(student)
    attempt = start(auth, PRE_QUIZ)

    response = _htmx_answer(
        client, attempt, items(attempt)[0], {**HTMX, "X-CSRFToken": foreign_token}
    )

    assert response.status_code == 400
    assert answer_count(attempt) == 0


def test_the_token_still_works_after_a_long_pause(client, auth, student, monkeypatch):
    """A student who leaves the quiz open for three hours can still answer."""
    auth.login(student)
    attempt = start(auth, PRE_QUIZ)
    question = items(attempt)[0]
    token = auth.csrf_token(f"/attempts/{attempt}/questions/1")
    three_hours_later = int(time.time()) + 3 * 3600
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: three_hours_later)

    response = _htmx_answer(client, attempt, question, {**HTMX, "X-CSRFToken": token})

    assert response.status_code == 200
    assert answer_count(attempt) == 1
