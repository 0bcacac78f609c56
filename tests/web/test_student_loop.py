from markupsafe import escape

from quizapp.content import POST_QUIZ, PRE_QUIZ
from quizapp.extensions import db
from quizapp.models import Attempt, Lesson, Myth
from quizapp.reports import learner

from .helpers import answer, answer_all, answer_count, choice, finish, items, start


def first_lesson() -> Lesson:
    return db.session.execute(db.select(Lesson).order_by(Lesson.position)).scalars().first()


def test_register_log_in_and_see_the_course(client, auth):
    response = auth.post(
        "/register",
        {"username": "newkid", "password": "long enough pass", "confirm": "long enough pass"},
        token_from="/register",
    )
    assert response.status_code == 303
    page = client.get("/").get_data(as_text=True)
    assert "Hi, newkid" in page
    assert "Take the myth check" in page


def test_register_rejects_bad_input_and_saves_nothing(client, auth):
    response = auth.post(
        "/register",
        {"username": "x", "password": "short", "confirm": "other"},
        token_from="/register",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "at least 3" in page or "between 3" in page
    assert "The passwords do not match." in page
    from quizapp.models import User

    assert db.session.execute(db.select(db.func.count(User.id))).scalar() == 0


def test_lessons_wait_for_the_myth_check(client, auth, student):
    auth.login(student)
    response = client.get(f"/lessons/{first_lesson().id}")
    assert response.status_code == 302
    assert response.location.endswith("/myth-check")


def test_whole_student_loop(client, auth, student):
    auth.login(student)
    pre = start(auth, PRE_QUIZ)
    pre_items = items(pre)
    wrong_on = pre_items[0]
    response = answer(auth, pre, wrong_on, choice(wrong_on, myth=True).id, certainty=3)
    assert response.status_code == 303
    feedback = client.get(response.location).get_data(as_text=True)
    assert "Not quite" in feedback
    answer_all(auth, pre, wrong={wrong_on})
    result = finish(auth, pre).get_data(as_text=True)
    assert "What you missed (1)" in result and "You were certain" in result
    assert "Myths you still hold" in result

    states = {s.myth.id: s.state for s in learner.myth_states(student.id)}
    held_myth = choice(wrong_on, myth=True).myth_id
    assert states[held_myth] == "firm"

    lesson = first_lesson()
    page = client.get(f"/lessons/{lesson.id}")
    assert page.status_code == 200
    attempt = start(auth, lesson.id)
    answer_all(auth, attempt)
    result = finish(auth, attempt)
    assert "100%" in result.get_data(as_text=True)
    myths_page = client.get("/my-myths").get_data(as_text=True)
    held = db.session.get(Myth, held_myth)
    assert f'<p class="myth-statement">“{escape(held.statement)}”</p>' in myths_page
    assert str(escape(held.fact)) in myths_page, "a myth checked shows its fact"


def test_post_test_opens_only_after_every_lesson(client, auth, student):
    auth.login(student)
    finish(auth, _answered(auth, PRE_QUIZ))
    response = auth.post(f"/quizzes/{POST_QUIZ}/start")
    assert response.location.endswith("/")
    for lesson in db.session.execute(db.select(Lesson).filter_by(active=True)).scalars():
        finish(auth, _answered(auth, lesson.id))
    post = start(auth, POST_QUIZ)
    assert db.session.get(Attempt, post).quiz_id == POST_QUIZ


def _answered(auth, quiz_id):
    attempt_id = start(auth, quiz_id)
    answer_all(auth, attempt_id)
    return attempt_id


def test_interrupted_attempt_resumes_where_it_was(client, auth, student):
    auth.login(student)
    attempt = start(auth, PRE_QUIZ)
    questions = items(attempt)
    answer(auth, attempt, questions[0], choice(questions[0]).id)
    answer(auth, attempt, questions[1], choice(questions[1]).id)
    auth.logout()
    auth.login(student)
    assert start(auth, PRE_QUIZ) == attempt
    response = client.get(f"/attempts/{attempt}")
    assert response.location.endswith(f"/attempts/{attempt}/questions/3")


def test_double_tap_and_changed_mind_never_double_count(client, auth, student):
    auth.login(student)
    attempt = start(auth, PRE_QUIZ)
    question = items(attempt)[0]
    right, wrong = choice(question), choice(question, correct=False)
    answer(auth, attempt, question, right.id)
    second = answer(auth, attempt, question, wrong.id)
    assert second.status_code == 303
    assert answer_count(attempt) == 1
    page = client.get(second.location).get_data(as_text=True)
    assert "Correct" in page


def test_cannot_skip_ahead(client, auth, student):
    auth.login(student)
    attempt = start(auth, PRE_QUIZ)
    response = client.get(f"/attempts/{attempt}/questions/3")
    assert response.location.endswith(f"/attempts/{attempt}/questions/1")


def test_htmx_answer_returns_only_the_card(client, auth, student):
    auth.login(student)
    attempt = start(auth, PRE_QUIZ)
    question = items(attempt)[0]
    response = answer(auth, attempt, question, choice(question).id, headers={"HX-Request": "true"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert body.lstrip().startswith('<section id="card"')
    assert 'data-hx-swap-oob="true"' in body and "Correct." in body
    assert response.headers["HX-Replace-Url"].endswith(f"/attempts/{attempt}/questions/1")
    assert "<html" not in body


def test_finishing_twice_gives_one_score(client, auth, student):
    auth.login(student)
    attempt = _answered(auth, PRE_QUIZ)
    finish(auth, attempt)
    finished_at = db.session.get(Attempt, attempt).finished_at
    finish(auth, attempt)
    db.session.expire_all()
    assert db.session.get(Attempt, attempt).finished_at == finished_at


def test_answer_after_finish_is_rejected(client, auth, student):
    auth.login(student)
    attempt = _answered(auth, PRE_QUIZ)
    finish(auth, attempt)
    question = items(attempt)[0]
    response = answer(auth, attempt, question, choice(question, correct=False).id)
    assert response.status_code == 409
    resent = answer(auth, attempt, question, choice(question).id)
    assert resent.status_code == 303, "the same answer sent again is acknowledged"
    assert answer_count(attempt) == len(items(attempt))
