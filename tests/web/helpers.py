"""Drive the student loop through the test client, as a browser would."""

import re

from quizapp import attempts
from quizapp.content import PRE_QUIZ
from quizapp.extensions import db
from quizapp.models import Answer, AttemptItem, Choice, Quiz

ATTEMPT_URL = re.compile(r"/attempts/(\d+)")


def start(auth, quiz_id: str) -> int:
    response = auth.post(f"/quizzes/{quiz_id}/start")
    assert response.status_code == 303, response.get_data(as_text=True)
    return int(ATTEMPT_URL.search(response.location).group(1))


def items(attempt_id: int) -> list[str]:
    return list(
        db.session.execute(
            db.select(AttemptItem.question_id)
            .filter_by(attempt_id=attempt_id)
            .order_by(AttemptItem.position)
        ).scalars()
    )


def choice(question_id: str, correct: bool = True, myth: bool = False) -> Choice:
    query = db.select(Choice).filter_by(question_id=question_id, active=True)
    if myth:
        query = query.where(Choice.myth_id.is_not(None))
    else:
        query = query.filter_by(is_correct=correct)
    return db.session.execute(query.order_by(Choice.position)).scalars().first()


def answer(auth, attempt_id: int, question_id: str, choice_id: int, certainty: int = 2, **kw):
    return auth.post(
        f"/attempts/{attempt_id}/answer",
        {"question_id": question_id, "choice": str(choice_id), "certainty": str(certainty)},
        **kw,
    )


def answer_all(auth, attempt_id: int, wrong: set[str] = frozenset()) -> None:
    for question_id in items(attempt_id):
        picked = choice(question_id, correct=question_id not in wrong)
        response = answer(auth, attempt_id, question_id, picked.id)
        assert response.status_code == 303


def finish(auth, attempt_id: int):
    response = auth.post(f"/attempts/{attempt_id}/finish")
    assert response.status_code == 303
    return auth.client.get(response.location)


def answer_count(attempt_id: int) -> int:
    return db.session.execute(
        db.select(db.func.count(Answer.id)).filter_by(attempt_id=attempt_id)
    ).scalar()


def finish_pre_check(user) -> None:
    """The pre myth check taken (every answer right) straight through the attempt
    rules, for tests that start at a lesson: lessons open only after it."""
    pre = db.session.get(Quiz, PRE_QUIZ)
    attempt = attempts.start_attempt(user.id, pre)
    for question_id in items(attempt.id):
        attempts.record_answer(attempt, question_id, choice(question_id).id, 1)
    attempts.finish_attempt(attempt)
