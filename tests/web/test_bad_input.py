import pytest

from quizapp.content import PRE_QUIZ

from .helpers import answer, answer_count, choice, items, start


@pytest.mark.parametrize(
    "path", ["/lessons/no-such-lesson", "/attempts/999999", "/attempts/999999/questions/1"]
)
def test_unknown_ids_are_404(client, auth, student, path):
    auth.login(student)
    response = client.get(path)
    assert response.status_code == 404
    assert "We could not find that page." in response.get_data(as_text=True)


def test_question_position_out_of_range_is_404(client, auth, student):
    auth.login(student)
    attempt = start(auth, PRE_QUIZ)
    assert client.get(f"/attempts/{attempt}/questions/0").status_code == 404
    assert client.get(f"/attempts/{attempt}/questions/999").status_code == 404


def test_choice_from_another_question_is_400_and_saves_nothing(client, auth, student):
    auth.login(student)
    attempt = start(auth, PRE_QUIZ)
    first, second = items(attempt)[:2]
    response = answer(auth, attempt, first, choice(second).id)
    assert response.status_code == 400
    assert "nothing was saved" in response.get_data(as_text=True)
    assert answer_count(attempt) == 0


@pytest.mark.parametrize("certainty", [0, 4, -1, 99999999999])
def test_certainty_out_of_range_is_400(client, auth, student, certainty):
    auth.login(student)
    attempt = start(auth, PRE_QUIZ)
    question = items(attempt)[0]
    response = answer(auth, attempt, question, choice(question).id, certainty=certainty)
    assert response.status_code == 400
    assert answer_count(attempt) == 0


def test_question_not_in_attempt_is_400(client, auth, student):
    auth.login(student)
    attempt = start(auth, PRE_QUIZ)
    response = answer(auth, attempt, "not-a-question", 1)
    assert response.status_code == 400
    assert answer_count(attempt) == 0


def test_missing_csrf_token_is_400_and_saves_nothing(client, auth, student):
    auth.login(student)
    attempt = start(auth, PRE_QUIZ)
    question = items(attempt)[0]
    response = client.post(
        f"/attempts/{attempt}/answer",
        data={"question_id": question, "choice": choice(question).id, "certainty": 2},
    )
    assert response.status_code == 400
    assert "security token" in response.get_data(as_text=True)
    assert answer_count(attempt) == 0


def test_missing_choice_asks_again_without_saving(client, auth, student):
    auth.login(student)
    attempt = start(auth, PRE_QUIZ)
    question = items(attempt)[0]
    response = auth.post(f"/attempts/{attempt}/answer", {"question_id": question, "certainty": "2"})
    assert response.status_code == 422
    assert "Pick an answer." in response.get_data(as_text=True)
    assert answer_count(attempt) == 0


def test_another_students_attempt_is_404(client, auth, student, app):
    from tests.conftest import make_user

    auth.login(student)
    attempt = start(auth, PRE_QUIZ)
    auth.logout()
    auth.login(make_user("student"))
    assert client.get(f"/attempts/{attempt}/questions/1").status_code == 404
    question = items(attempt)[0]
    assert answer(auth, attempt, question, choice(question).id).status_code == 404
    assert answer_count(attempt) == 0


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


@pytest.mark.parametrize(
    "path", ["/admin/", "/admin/myths", "/admin/efficacy", "/admin/items", "/admin/lessons"]
)
@pytest.mark.parametrize("dates", ["end=9999-12-31", "start=0001-01-01"])
def test_a_report_date_out_of_range_is_refused_with_a_message(auth, admin, path, dates):
    auth.login(admin)
    page = auth.client.get(f"{path}?{dates}")
    assert page.status_code == 200
    assert "Choose a date from 2000 to 2099." in page.get_data(as_text=True)
    export = auth.client.get(f"/admin/export/answers.csv?{dates}")
    assert export.status_code == 400
    assert "Choose a date from 2000 to 2099." in export.get_data(as_text=True)
