"""Spaced myth review through the app, with the clock moved by hand."""

from datetime import timedelta

from quizapp import scoring
from quizapp.extensions import db
from quizapp.models import Relapse

from .helpers import finish, items
from .learning_helpers import answer_items, belief, probes, start_spaced_review, take_pre_check

MYTH = "addiction-takes-years"
PRE_ITEM = f"pre-{MYTH}"


def review_once(auth, myth_to_pick: str | None = None) -> str:
    """Take a one-myth review; the question it asked."""
    attempt_id = start_spaced_review(auth)
    assert attempt_id is not None
    (question_id,) = items(attempt_id)
    assert MYTH in probes(question_id)
    answer_items(auth, attempt_id, myth_to_pick)
    assert "Your results" in finish(auth, attempt_id).get_data(as_text=True)
    return question_id


def home(client) -> str:
    return client.get("/").get_data(as_text=True)


def test_held_corrected_reviewed_relapsed_corrected_over_weeks(client, auth, student, clock):
    auth.login(student)
    take_pre_check(auth, {PRE_ITEM: 3})
    held = belief(student.id, MYTH)
    assert (held.state, held.review_due) == ("firm", clock.now + scoring.RELEARN_DELAY)
    assert "Review now" not in home(client)
    assert start_spaced_review(auth) is None

    clock.travel(hours=9)
    assert "1 myth to review today" in home(client)
    asked = [PRE_ITEM, review_once(auth)]
    corrected = belief(student.id, MYTH)
    assert (corrected.state, corrected.review_step) == ("corrected", 1)
    assert corrected.review_due == clock.now + timedelta(days=1)
    assert "Review now" not in home(client)

    clock.travel(days=1)
    asked.append(review_once(auth))
    reviewed = belief(student.id, MYTH)
    assert (reviewed.state, reviewed.review_step) == ("corrected", 2)
    assert reviewed.review_due == clock.now + timedelta(days=3)

    clock.travel(days=3)
    asked.append(review_once(auth, myth_to_pick=MYTH))
    relapsed = belief(student.id, MYTH)
    assert (relapsed.state, relapsed.relapses, relapsed.review_step) == ("firm", 1, 0)
    assert relapsed.review_due == clock.now + scoring.RELEARN_DELAY
    relapse = db.session.execute(db.select(Relapse).filter_by(user_id=student.id)).scalar_one()
    assert (relapse.myth_id, relapse.at) == (MYTH, clock.now)

    clock.travel(hours=8)
    assert "1 myth to review today" in home(client)
    asked.append(review_once(auth))
    again = belief(student.id, MYTH)
    assert (again.state, again.relapses) == ("corrected", 1)
    assert again.review_due == clock.now + timedelta(days=1)
    assert all(before != after for before, after in zip(asked, asked[1:], strict=False))


def test_review_draws_one_fresh_question_per_due_myth(client, auth, student, clock):
    auth.login(student)
    held = {"pre-addiction-takes-years": 2, "pre-stop-cold-turkey": 1, "pre-alcohol-is-fine": 3}
    take_pre_check(auth, held)
    clock.travel(days=1)
    assert "3 myths to review today" in home(client)
    attempt_id = start_spaced_review(auth)
    drawn = items(attempt_id)
    assert not set(drawn) & set(held)
    covered = set().union(*(probes(q) for q in drawn))
    assert {"addiction-takes-years", "stop-cold-turkey", "alcohol-is-fine"} <= covered
    assert start_spaced_review(auth) == attempt_id, "an open review is resumed, not doubled"


def test_review_page_says_when_nothing_is_due(client, auth, student, clock):
    auth.login(student)
    page = client.get("/review").get_data(as_text=True)
    assert "Nothing to review right now." in page
    response = auth.post("/review/start")
    assert response.status_code == 303
    assert response.location.endswith("/review")
    take_pre_check(auth, {PRE_ITEM: 2})
    page = client.get("/review").get_data(as_text=True)
    assert "Your next review is due" in page
    clock.travel(hours=8)
    assert "Start the review" in client.get("/review").get_data(as_text=True)


def test_review_pages_need_a_login(client, auth):
    assert "/login" in client.get("/review").location
    assert "/login" in auth.post("/review/start").location


def test_review_start_needs_the_csrf_token(client, auth, student):
    auth.login(student)
    assert client.post("/review/start").status_code == 400


def test_review_result_says_when_the_next_review_is_due(client, auth, student, clock):
    auth.login(student)
    take_pre_check(auth, {PRE_ITEM: 2})
    clock.travel(hours=8)
    attempt_id = start_spaced_review(auth)
    answer_items(auth, attempt_id)
    page = finish(auth, attempt_id).get_data(as_text=True)
    assert "Your next review is due tomorrow." in page
