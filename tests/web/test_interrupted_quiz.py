"""A quiz interrupted by the end of the session, and one question answered in two tabs."""

from urllib.parse import parse_qs, urlsplit

from quizapp.content import PRE_QUIZ

from ..conftest import PASSWORD, Auth
from .helpers import answer, answer_count, choice, items, start

LOGGED_OUT = "You were logged out. Your earlier answers are saved; log in to go on."


def _quiz_at_question_2(auth, student) -> tuple[int, str]:
    auth.login(student)
    attempt = start(auth, PRE_QUIZ)
    first, second = items(attempt)[:2]
    assert answer(auth, attempt, first, choice(first).id).status_code == 303
    return attempt, second


def _end_every_session(app, student) -> None:
    """What "log out everywhere", a password reset or a disabled account do."""
    other_device = Auth(app.test_client())
    other_device.login(student)
    other_device.logout()


def _log_in_through(client, auth, student, login_url: str) -> None:
    """Submit the login form of this login page; it must send us to its `next`."""
    token = auth.csrf_token(login_url)
    form = {"csrf_token": token, "username": student.username, "password": PASSWORD}
    back = client.post(login_url, data=form)
    assert back.status_code == 303
    assert back.location == _next_of(login_url)


def _next_of(url: str) -> str:
    return parse_qs(urlsplit(url).query)["next"][0]


def test_htmx_answer_after_the_session_ended_says_so_and_login_returns_to_it(
    app, client, auth, student
):
    attempt, second = _quiz_at_question_2(auth, student)
    _end_every_session(app, student)

    response = answer(auth, attempt, second, choice(second).id, headers={"HX-Request": "true"})
    card = response.get_data(as_text=True)
    assert response.status_code == 401
    assert card.lstrip().startswith('<section id="card"')
    assert "Your earlier answers are saved" in card and LOGGED_OUT in card
    assert "HX-Request" in response.headers["Vary"]
    login_link = f"/login?next=/attempts/{attempt}/questions/2"
    assert login_link in card.replace("%2F", "/")
    assert answer_count(attempt) == 1

    _log_in_through(client, auth, student, login_link)
    page = client.get(f"/attempts/{attempt}/questions/2").get_data(as_text=True)
    assert "Question 2 of" in page and f'name="question_id" type="hidden" value="{second}"' in page


def test_plain_answer_after_the_session_ended_goes_to_login_and_back_to_the_question(
    app, client, auth, student
):
    attempt, second = _quiz_at_question_2(auth, student)
    _end_every_session(app, student)

    response = answer(auth, attempt, second, choice(second).id)
    assert response.status_code == 302
    assert _next_of(response.location) == f"/attempts/{attempt}/questions/2"
    login_page = client.get(response.location).get_data(as_text=True)
    assert LOGGED_OUT in login_page

    token = auth.csrf_token(response.location)
    back = client.post(
        response.location,
        data={
            "csrf_token": token,
            "username": student.username,
            "password": "correct horse battery",
        },
    )
    assert back.status_code == 303
    assert back.location == f"/attempts/{attempt}/questions/2"
    page = client.get(back.location).get_data(as_text=True)
    assert "Question 2 of" in page and "Check answer" in page


def test_answer_after_the_browser_dropped_the_session_cookie_says_logged_out(client, auth, student):
    attempt, second = _quiz_at_question_2(auth, student)
    token = auth.csrf_token(f"/attempts/{attempt}/questions/2")
    client.delete_cookie("session")

    response = client.post(
        f"/attempts/{attempt}/answer",
        data={
            "csrf_token": token,
            "question_id": second,
            "choice": choice(second).id,
            "certainty": "2",
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 401
    assert LOGGED_OUT in response.get_data(as_text=True)


def test_second_tab_is_told_the_question_was_answered_and_shown_the_stored_answer(
    client, auth, student
):
    auth.login(student)
    attempt = start(auth, PRE_QUIZ)
    question = items(attempt)[0]
    wrong = choice(question, correct=False)
    right = choice(question)
    assert (
        answer(auth, attempt, question, wrong.id, headers={"HX-Request": "true"}).status_code == 200
    )

    second_tab = answer(auth, attempt, question, right.id, headers={"HX-Request": "true"})
    card = second_tab.get_data(as_text=True)
    assert "You had already answered this question" in card
    assert "Not quite" in card and "Correct" not in card.split("</section>")[0]
    assert wrong.text in card.split("Your answer")[1].split("</li>")[0]
    assert answer_count(attempt) == 1


def test_second_tab_without_javascript_gets_the_same_notice(client, auth, student):
    auth.login(student)
    attempt = start(auth, PRE_QUIZ)
    question = items(attempt)[0]
    answer(auth, attempt, question, choice(question, correct=False).id)

    response = answer(auth, attempt, question, choice(question).id)
    page = client.get(response.location).get_data(as_text=True)
    assert "You had already answered this question" in page and "Not quite" in page


def test_sending_the_same_answer_twice_is_no_conflict(client, auth, student):
    auth.login(student)
    attempt = start(auth, PRE_QUIZ)
    question = items(attempt)[0]
    answer(auth, attempt, question, choice(question).id, headers={"HX-Request": "true"})
    again = answer(auth, attempt, question, choice(question).id, headers={"HX-Request": "true"})
    assert "already answered" not in again.get_data(as_text=True)
