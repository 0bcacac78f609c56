"""What a person does in the browser: sign up, log in, answer a question.

Every step that lands on a new page (or swaps the quiz card) runs axe on it.
"""

import uuid

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
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    audit(page)


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


def current_question_id(page) -> str:
    return page.locator("#card input[name=question_id]").input_value()


def answer_question(page, live_server, kind: str = "right", certainty: str = "Certain") -> Choice:
    """Answer the question on screen by clicking (a myth choice when asked and there
    is one, else the right one), and wait for its feedback."""
    question_id = current_question_id(page)
    choice = pick_choice(live_server, question_id, kind) or pick_choice(live_server, question_id)
    page.locator(f"#card input[name=choice][value='{choice.id}']").check()
    page.locator("#card .certainty").get_by_label(certainty).check()
    page.get_by_role("button", name="Check answer").click()
    page.locator("#card .feedback").wait_for()
    return choice


def take_quiz(page, live_server, wrong_once: bool = False) -> Choice | None:
    """Answer every question and open the results; with `wrong_once`, the first
    question that has a myth choice gets it. Returns that wrong choice."""
    wrong = None
    position = 1
    while True:
        audit(page, f"question {position}")
        kind = "myth" if wrong_once and wrong is None else "right"
        choice = answer_question(page, live_server, kind)
        wrong = wrong or (choice if choice.myth_id else None)
        audit(page, f"feedback {position}")
        next_link = page.get_by_role("link", name="Next question")
        if not next_link.count():
            break
        next_link.click()
        position += 1
        page.get_by_text(f"Question {position} of").wait_for()
    page.get_by_role("link", name="See my results").click()
    page.get_by_role("heading", name="Your results").wait_for()
    audit(page, "results")
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
