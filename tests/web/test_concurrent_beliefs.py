"""Myth beliefs under concurrent answers, on whichever database the suite runs on.

tests/security/test_concurrency.py covers parallel starts, finishes and answers
over HTTP; these tests add the belief rows those answers upsert. Several
threads, each with its own request context, session and connection (as
gunicorn workers have), answer at the same moment: the database's own conflict
handling must leave exactly one answer per question and one belief per myth.
"""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from threading import Barrier

from quizapp import attempts, clock, scoring
from quizapp.content import PRE_QUIZ, AttemptMode
from quizapp.extensions import db
from quizapp.models import Answer, Attempt, MythBelief, Question, QuestionMyth, Quiz, Relapse

from .helpers import choice

THREADS = 6


def at_once(app, work, threads: int = THREADS) -> list:
    """Run `work(i)` in `threads` threads released together, each in its own POST
    request context (so SQLite takes the write lock as a real request would)."""
    barrier = Barrier(threads)

    def run(i):
        with app.test_request_context("/", method="POST"):
            barrier.wait()
            try:
                return work(i)
            finally:
                db.session.remove()

    with ThreadPoolExecutor(threads) as pool:
        results = list(pool.map(run, range(threads)))
    db.session.remove()
    return results


def count(model, **filters) -> int:
    return db.session.execute(
        db.select(db.func.count()).select_from(model).filter_by(**filters)
    ).scalar()


def myth_question() -> Question:
    """A pre-quiz question that probes a myth, so answering it writes a belief."""
    return (
        db.session.execute(
            db.select(Question)
            .join(QuestionMyth, QuestionMyth.question_id == Question.id)
            .where(Question.quiz_id == PRE_QUIZ, Question.active)
            .order_by(Question.position)
        )
        .scalars()
        .first()
    )


def test_the_same_answer_at_once_saves_one_answer_and_one_belief(app, student):
    student_id = student.id
    attempt_id = attempts.start_attempt(student_id, db.session.get(Quiz, PRE_QUIZ)).id
    question = myth_question()
    question_id, picked = question.id, choice(question.id, myth=True).id
    myth_ids = [myth.id for myth in question.myths]

    def send(i):
        attempt = db.session.get(Attempt, attempt_id)
        return attempts.record_answer(attempt, question_id, picked, 1 + i % 3).id

    saved = at_once(app, send)
    assert len(set(saved)) == 1
    assert count(Answer, attempt_id=attempt_id, question_id=question_id) == 1
    for myth_id in myth_ids:
        assert count(MythBelief, user_id=student_id, myth_id=myth_id) == 1


def test_answers_at_once_keep_one_belief_per_myth(app, student):
    student_id = student.id
    attempt_id = attempts.start_attempt(student_id, db.session.get(Quiz, PRE_QUIZ)).id
    item_ids = [
        item.question_id for item in attempts.attempt_items(db.session.get(Attempt, attempt_id))
    ]
    picks = {q: choice(q, myth=True).id for q in item_ids}

    def send(i):
        attempt = db.session.get(Attempt, attempt_id)
        for question_id in item_ids[i::THREADS]:
            attempts.record_answer(attempt, question_id, picks[question_id], 3)

    at_once(app, send)
    assert count(Answer, attempt_id=attempt_id) == len(item_ids)
    beliefs = db.session.execute(
        db.select(MythBelief.myth_id, db.func.count())
        .filter_by(user_id=student_id)
        .group_by(MythBelief.myth_id)
    ).all()
    assert beliefs and all(n == 1 for _, n in beliefs)


def test_a_belief_moved_after_it_was_read_is_moved_again_from_where_it_now_stands(app, student):
    """The answer request reads the beliefs without a lock. If another request moves
    one before this one writes, the write is done again from the belief as it now is:
    here the myth was corrected meanwhile, so picking it again is a relapse."""
    student_id = student.id
    attempt_id = attempts.start_attempt(student_id, db.session.get(Quiz, PRE_QUIZ)).id
    question = myth_question()
    question_id = question.id
    picked = choice(question_id, myth=True)
    picked_id, myth_id = picked.id, picked.myth_id
    with app.test_request_context("/", method="POST"):
        target = attempts.answer_target(attempt_id, question_id)
        assert target.held == {}
        corrected_meanwhile(student_id, myth_id)
        attempts.record_answer(
            target.attempt, question_id, picked_id, 3, position=target.position, held=target.held
        )
    db.session.remove()
    belief = db.session.get(MythBelief, (student_id, myth_id))
    assert (belief.state, belief.relapses) == (scoring.FIRM, 1)
    assert count(Relapse, user_id=student_id, myth_id=myth_id) == 1
    assert count(Answer, attempt_id=attempt_id, question_id=question_id) == 1


def corrected_meanwhile(user_id: int, myth_id: str) -> None:
    """What another request of the same learner writes, in its own transaction."""
    now = clock.now()
    with db.session.session_factory() as session:
        session.add(
            MythBelief(
                user_id=user_id,
                myth_id=myth_id,
                state=scoring.CORRECTED,
                ever_held=True,
                certainty=3,
                updated_at=now,
                review_step=1,
                review_due=now + timedelta(days=1),
            )
        )
        session.commit()


def test_a_belief_another_writer_touched_is_still_moved(app, student):
    """A belief changed outside the answer path (here its review made due at once, as
    the browser tests do) keeps its version: the answer reads it, writes it, and
    counts one version more."""
    student_id = student.id
    attempt_id = attempts.start_attempt(student_id, db.session.get(Quiz, PRE_QUIZ)).id
    question_id = myth_question().id
    picked_id = choice(question_id, myth=True).id
    correct_id = choice(question_id).id
    attempt = db.session.get(Attempt, attempt_id)
    attempts.record_answer(attempt, question_id, picked_id, 3)
    db.session.execute(
        db.update(MythBelief)
        .where(MythBelief.user_id == student_id)
        .values(review_due=db.func.current_timestamp())
    )
    db.session.commit()
    retry = attempts.start_attempt(
        student_id,
        db.session.get(Quiz, PRE_QUIZ),
        mode=AttemptMode.RETRY,
        question_ids=[question_id],
    )
    with app.test_request_context("/", method="POST"):
        target = attempts.answer_target(retry.id, question_id)
        attempts.record_answer(
            target.attempt, question_id, correct_id, 2, position=target.position, held=target.held
        )
    db.session.remove()
    belief = db.session.get(MythBelief, (student_id, choice(question_id, myth=True).myth_id))
    assert (belief.state, belief.version) == (scoring.CORRECTED, 1)
