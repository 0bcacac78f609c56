"""What a person does in the browser: sign up, log in, answer a question.

Every step that lands on a new page (or swaps the quiz card) runs axe on it.
"""

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from quizapp import answers, attempts
from quizapp.cli import DEMO_PASSWORD
from quizapp.content import PRE_QUIZ
from quizapp.extensions import db
from quizapp.models import Choice, Quiz
from quizapp.users.accounts import find_user

from .axe import audit

PASSWORD = "e2e-password-123"


def register(page, live_server) -> str:
    """Create a student account through the sign-up form; returns the username."""
    username = f"e2e{uuid.uuid4().hex[:10]}"
    page.goto(live_server("/register"))
    audit(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url(live_server("/"))
    audit(page)
    return username


def start_myth_check(page, live_server) -> str:
    """A new student opens the myth check at its first question; returns the username."""
    username = register(page, live_server)
    page.goto(live_server("/myth-check"))
    audit(page)
    page.get_by_role("button", name="Start the myth check").click()
    page.get_by_text("Question 1 of").wait_for()
    audit(page)
    return username


def log_in(page, live_server, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(live_server("/login"))
    audit(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    follow(page, page.get_by_role("button", name="Log in"))
    audit(page)


def follow(page, control) -> None:
    """Press a link or a form's button and wait until the page it leads to has loaded.

    Waiting for the load state alone can return at once, while the old page is
    still showing and the new one has not begun to arrive.
    """
    with page.expect_navigation():
        control.click()
    page.wait_for_load_state()


CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def sign_in(page, live_server, username: str, password: str = DEMO_PASSWORD) -> None:
    """Sign the page's browser in by sending the login form over HTTP, without
    showing it: for tests about the pages behind it (`log_in` fills the form)."""
    form = page.request.get(live_server("/login"))
    token = CSRF_FIELD.search(form.text()).group(1)
    sent = {"csrf_token": token, "username": username, "password": password}
    response = page.request.post(live_server("/login"), form=sent, max_redirects=0)
    assert response.status == 303, f"{username} could not log in: {response.status}"


def pick_choice(live_server, question_id: str, kind: str = "right") -> Choice | None:
    """The choice to click: `right`, or `myth` (a wrong one tagged with a myth, if any)."""
    query = db.select(Choice).filter_by(question_id=question_id, active=True)
    if kind == "myth":
        query = query.where(Choice.myth_id.is_not(None))
    else:
        query = query.filter_by(is_correct=True)
    with live_server.app.app_context():
        choice = db.session.execute(query.order_by(Choice.position)).scalars().first()
        if choice is not None and choice.myth is not None:
            db.session.expunge(choice.myth)
        if choice is not None:
            db.session.expunge(choice)
        return choice


@dataclass(frozen=True)
class QuizWords:
    """What the quiz pages call their parts, in one interface language."""

    question: str = "Question {position} of"
    certain: str = "Certain"
    check: str = "Check answer"
    next: str = "Next question"
    see_results: str = "See my results"
    results: str = "Your results"


ENGLISH = QuizWords()


def current_question_id(page) -> str:
    return page.locator("#card input[name=question_id]").input_value()


def answer_question(
    page, live_server, kind: str = "right", certainty: str = "", words: QuizWords = ENGLISH
) -> Choice:
    """Answer the question on screen by clicking (a myth choice when asked and there
    is one, else the right one) at `certainty` (the words' "certain" by default),
    and wait for its feedback."""
    question_id = current_question_id(page)
    choice = pick_choice(live_server, question_id, kind) or pick_choice(live_server, question_id)
    page.locator(f"#card input[name=choice][value='{choice.id}']").check()
    certainty = certainty or words.certain
    page.locator("#card .certainty").get_by_label(certainty, exact=True).check()
    page.get_by_role("button", name=words.check).click()
    page.locator("#card .feedback").wait_for()
    return choice


def take_quiz(
    page,
    live_server,
    wrong_once: bool = False,
    words: QuizWords = ENGLISH,
    check: Callable[[object, str], None] = audit,
) -> Choice | None:
    """Answer every question and open the results, running `check(page, name)` on
    each question, feedback and the results; with `wrong_once`, the first question
    that has a myth choice gets it. Returns that wrong choice."""
    wrong = None
    position = 1
    while True:
        page.get_by_text(words.question.format(position=position)).wait_for()
        check(page, f"question-{position}")
        kind = "myth" if wrong_once and wrong is None else "right"
        choice = answer_question(page, live_server, kind, words=words)
        wrong = wrong or (choice if choice.myth_id else None)
        check(page, f"feedback-{position}")
        next_link = page.get_by_role("link", name=words.next)
        if not next_link.count():
            break
        next_link.click()
        position += 1
    page.get_by_role("link", name=words.see_results).click()
    page.get_by_role("heading", name=words.results).wait_for()
    check(page, "result")
    return wrong


def finish_myth_check(live_server, username: str) -> None:
    """Answer the whole pre myth check straight in the database (right answers),
    for tests that start at a lesson."""
    with live_server.app.app_context():
        user = find_user(username)
        attempt = attempts.start_attempt(user.id, db.session.get(Quiz, PRE_QUIZ))
        for question_id in attempts.quiz_question_ids(PRE_QUIZ):
            choice = pick_choice(live_server, question_id)
            answers.record_answer(answers.answer_target(attempt.id, question_id), choice.id, 1)
        attempts.finish_attempt(attempt)
