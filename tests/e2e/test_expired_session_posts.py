"""A button pressed after the session ended: the login page says so, and logging in
comes back to the page the button was on (never the POST's own URL), nothing lost."""

from playwright.sync_api import expect

from quizapp.extensions import db
from quizapp.models import Answer, Lesson
from quizapp.users.accounts import find_user

from .axe import audit
from .flows import PASSWORD, answer_question, finish_myth_check, follow, register, take_quiz


def log_in_again(page, username: str) -> None:
    """On the login page the expired session led to: read why, then log in."""
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    expect(page.get_by_text("You were logged out")).to_be_visible()
    audit(page, "login after the session ended")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    follow(page, page.get_by_role("button", name="Log in"))
    audit(page, "back after logging in")


def answers_of(live_server, username: str) -> int:
    with live_server.app.app_context():
        user_id = find_user(username).id
        return db.session.execute(
            db.select(db.func.count()).select_from(Answer).filter_by(user_id=user_id)
        ).scalar()


def first_lesson(live_server) -> Lesson:
    with live_server.app.app_context():
        lesson = db.session.execute(db.select(Lesson).order_by(Lesson.position)).scalars().first()
        db.session.expunge(lesson)
        return lesson


def test_retry_after_the_session_ended_comes_back_to_the_results(page, live_server):
    username = register(page, live_server)
    finish_myth_check(live_server, username)
    lesson = first_lesson(live_server)
    page.goto(live_server(f"/lessons/{lesson.id}"))
    audit(page)
    page.get_by_role("button", name="Take the quiz").click()
    take_quiz(page, live_server, wrong_once=True)
    results_url = page.url
    saved = answers_of(live_server, username)

    page.context.clear_cookies()
    page.get_by_role("button", name="Retry the one I missed").click()
    log_in_again(page, username)

    assert page.url == results_url
    expect(page.get_by_role("heading", name="Your results")).to_be_visible()
    assert answers_of(live_server, username) == saved


def test_starting_a_quiz_after_the_session_ended_comes_back_to_the_lesson(page, live_server):
    username = register(page, live_server)
    finish_myth_check(live_server, username)
    lesson = first_lesson(live_server)
    page.goto(live_server(f"/lessons/{lesson.id}"))
    audit(page)

    page.context.clear_cookies()
    page.get_by_role("button", name="Take the quiz").click()
    log_in_again(page, username)

    assert page.url == live_server(f"/lessons/{lesson.id}")
    page.get_by_role("button", name="Take the quiz").click()
    page.get_by_text("Question 1 of").wait_for()
    audit(page, "the quiz starts after logging in")


def test_an_answer_without_javascript_after_the_session_ended_returns_to_its_question(
    open_page, live_server
):
    page = open_page(java_script_enabled=False)
    username = register(page, live_server)
    page.goto(live_server("/myth-check"))
    audit(page)
    page.get_by_role("button", name="Start the myth check").click()
    page.get_by_text("Question 1 of").wait_for()
    audit(page, "question 1")
    answer_question(page, live_server)
    audit(page, "feedback 1")
    page.get_by_role("link", name="Next question").click()
    page.get_by_text("Question 2 of").wait_for()
    audit(page, "question 2")
    question_url = page.url

    page.context.clear_cookies()
    page.locator("#card input[name=choice]").first.check()
    page.locator("#card .certainty").get_by_label("Certain").check()
    page.get_by_role("button", name="Check answer").click()
    log_in_again(page, username)

    assert page.url == question_url
    expect(page.get_by_text("Question 2 of")).to_be_visible()
    assert answers_of(live_server, username) == 1
