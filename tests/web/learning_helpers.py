"""Builders for the learning-science tests: beliefs, reviews, retries."""

from quizapp.content import PRE_QUIZ
from quizapp.extensions import db
from quizapp.models import Attempt, Choice, MythBelief, QuestionMyth

from .helpers import ATTEMPT_URL, answer, choice, finish, items, start


def belief(user_id: int, myth_id: str) -> MythBelief:
    db.session.expire_all()
    return db.session.get(MythBelief, {"user_id": user_id, "myth_id": myth_id})


def probes(question_id: str) -> set[str]:
    return set(
        db.session.execute(
            db.select(QuestionMyth.myth_id).filter_by(question_id=question_id)
        ).scalars()
    )


def choice_rows(question_id: str) -> list[Choice]:
    return (
        db.session.execute(
            db.select(Choice)
            .filter_by(question_id=question_id, active=True)
            .order_by(Choice.position)
        )
        .scalars()
        .all()
    )


def take_pre_check(auth, hold: dict[str, int]) -> int:
    """Finish the pre myth check, picking the myth (at the given certainty) of each
    question in `hold` (question id -> certainty) and answering the rest right."""
    attempt_id = start(auth, PRE_QUIZ)
    for question_id in items(attempt_id):
        if question_id in hold:
            picked = choice(question_id, myth=True)
            answer(auth, attempt_id, question_id, picked.id, certainty=hold[question_id])
        else:
            answer(auth, attempt_id, question_id, choice(question_id).id)
    finish(auth, attempt_id)
    return attempt_id


def start_review(auth) -> int | None:
    """Start the learner's review; its attempt id, or None when nothing was due."""
    response = auth.post("/review/start")
    assert response.status_code == 303
    match = ATTEMPT_URL.search(response.location)
    return int(match.group(1)) if match else None


def answer_items(auth, attempt_id: int, myth_to_pick: str | None = None, certainty=2):
    """Answer every item right, except picking `myth_to_pick` wherever it is offered."""
    for question_id in items(attempt_id):
        offered = [c for c in choice_rows(question_id) if c.myth_id == myth_to_pick]
        picked = offered[0] if myth_to_pick and offered else choice(question_id)
        response = answer(auth, attempt_id, question_id, picked.id, certainty=certainty)
        assert response.status_code == 303


def attempt(attempt_id: int) -> Attempt:
    db.session.expire_all()
    return db.session.get(Attempt, attempt_id)
