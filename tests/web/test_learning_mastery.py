"""Mastery mode: a lesson is mastered at the goal; missed questions come back
as alternative questions on the same myths."""

from quizapp.content import AttemptMode
from quizapp.extensions import db
from quizapp.models import Attempt

from ..conftest import make_user
from .helpers import ATTEMPT_URL, answer_all, finish, items, start
from .learning_helpers import attempt, probes, take_pre_check

LESSON = "dependence-and-tolerance"


def take_lesson(auth, wrong: int) -> tuple[int, list[str]]:
    """Finish the lesson quiz missing its first `wrong` questions; (attempt id, missed)."""
    attempt_id = start(auth, LESSON)
    missed = items(attempt_id)[:wrong]
    answer_all(auth, attempt_id, wrong=set(missed))
    return attempt_id, missed


def score(attempt_id: int, missed: int) -> str:
    """The percentage shown for the attempt's quiz with `missed` questions wrong."""
    asked = len(items(attempt_id))
    return f"{round(100 * (asked - missed) / asked)}%"


def retry(auth, attempt_id: int):
    return auth.post(f"/attempts/{attempt_id}/retry")


def retry_id(auth, attempt_id: int) -> int:
    response = retry(auth, attempt_id)
    assert response.status_code == 303
    return int(ATTEMPT_URL.search(response.location).group(1))


def attempt_count() -> int:
    return db.session.execute(db.select(db.func.count(Attempt.id))).scalar()


def test_retry_the_missed_ones_as_alternatives_until_mastered(client, auth, student):
    auth.login(student)
    take_pre_check(auth, {})
    full, missed = take_lesson(auth, wrong=3)
    page = finish(auth, full).get_data(as_text=True)
    assert f"You are at {score(full, 3)}" in page
    assert "Retry the 3 I missed" in page
    assert "Not yet mastered: goal 80%" in client.get("/").get_data(as_text=True)

    again = retry_id(auth, full)
    assert attempt(again).mode == AttemptMode.RETRY
    drawn = items(again)
    assert len(drawn) == 3
    for question, alternative in zip(missed, drawn, strict=True):
        if probes(question):
            assert probes(question) & probes(alternative)
            assert alternative not in items(full)
        else:
            assert alternative == question
    answer_all(auth, again)
    page = finish(auth, again).get_data(as_text=True)
    assert "Mastered" in page
    assert "I missed" not in page
    home = client.get("/").get_data(as_text=True)
    assert "Mastered" in home
    assert "Done · best 100%" in home, "the best score shown is the mastery score"
    assert f"best {score(full, 3)}" not in home


def test_retries_chain_from_the_latest_result_only(client, auth, student):
    auth.login(student)
    take_pre_check(auth, {})
    full, _ = take_lesson(auth, wrong=3)
    finish(auth, full)
    first = retry_id(auth, full)
    drawn = items(first)
    answer_all(auth, first, wrong=set(drawn[:2]))
    page = finish(auth, first).get_data(as_text=True)
    assert f"You are at {score(full, 2)}" in page, "the mastery score is over the whole quiz"
    assert "Retry the 2 I missed" in page
    assert "I missed" not in client.get(f"/attempts/{full}/result").get_data(as_text=True)
    before = attempt_count()
    response = retry(auth, full)
    assert response.location.endswith(f"/attempts/{full}/result")
    assert attempt_count() == before

    second = retry_id(auth, first)
    assert len(items(second)) == 2
    answer_all(auth, second)
    assert "Mastered" in finish(auth, second).get_data(as_text=True)


def test_mastery_goal_comes_from_the_config(app, client, auth, student):
    app.config["MASTERY_GOAL"] = 0.5
    auth.login(student)
    take_pre_check(auth, {})
    full, _ = take_lesson(auth, wrong=3)
    page = finish(auth, full).get_data(as_text=True)
    assert "You reached the 50% goal" in page
    assert "Retry the 3 I missed" in page, "any miss can be retried"


def test_nothing_to_retry_after_a_perfect_score_or_a_myth_check(client, auth, student):
    auth.login(student)
    pre = take_pre_check(auth, {"pre-addiction-takes-years": 2})
    full, _ = take_lesson(auth, wrong=0)
    assert "I missed" not in finish(auth, full).get_data(as_text=True)
    before = attempt_count()
    for attempt_id in (full, pre):
        response = retry(auth, attempt_id)
        assert response.status_code == 303
        assert "nothing to retry" in client.get(response.location).get_data(as_text=True)
    assert attempt_count() == before


def test_only_the_owner_may_retry(client, auth, student):
    auth.login(student)
    take_pre_check(auth, {})
    full, _ = take_lesson(auth, wrong=2)
    finish(auth, full)
    auth.logout()
    assert "/login" in retry(auth, full).location
    auth.login(make_user())
    assert retry(auth, full).status_code == 404
