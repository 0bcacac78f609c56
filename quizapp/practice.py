"""Practice after a quiz: spaced review, retrying missed questions, and the
follow-ups a teacher assigns (a re-teach, the delayed myth check).

A myth probe asks a fresh question from anywhere in the bank on each chosen
myth (the learner's due myths for spaced review, or a re-teach's myths); a
retry asks again about the questions a learner missed, through other questions
on the same myths where the bank has them. No question is asked twice in a row
about a myth: the question that last gave evidence about any of the learner's
myths is skipped.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from werkzeug.exceptions import Conflict

from . import attempts
from .content import POST_QUIZ, AttemptMode, QuizKind
from .extensions import db
from .models import (
    Answer,
    Assignment,
    Attempt,
    AttemptItem,
    MythBelief,
    Question,
    QuestionMyth,
    Quiz,
)
from .reports import learner

MYTH_PROBE_SIZE = 10
MYTH_CHECKS = (QuizKind.PRE, QuizKind.POST)


def _candidates(user_id: int, myth_ids, prefer_quiz_id: str | None = None) -> list[tuple]:
    """(myth id, question id) of active questions probing the myths, best first.

    Best means: not from a myth check (those measure change, so they come
    last), answered by the learner fewest times, from `prefer_quiz_id`, and
    longest ago.
    """
    seen = (
        sa.select(
            Answer.question_id,
            sa.func.count().label("times"),
            sa.func.max(Answer.answered_at).label("last"),
        )
        .where(Answer.user_id == user_id)
        .group_by(Answer.question_id)
        .subquery()
    )
    last_asked = sa.select(MythBelief.last_question_id).where(
        MythBelief.user_id == user_id, MythBelief.last_question_id.is_not(None)
    )
    order = [Quiz.kind.in_(MYTH_CHECKS), sa.func.coalesce(seen.c.times, 0)]
    if prefer_quiz_id:
        order.append(Question.quiz_id != prefer_quiz_id)
    return db.session.execute(
        sa.select(QuestionMyth.myth_id, Question.id)
        .join(Question, Question.id == QuestionMyth.question_id)
        .join(Quiz, Quiz.id == Question.quiz_id)
        .outerjoin(seen, seen.c.question_id == Question.id)
        .where(QuestionMyth.myth_id.in_(list(myth_ids)), Question.active)
        .where(Question.id.not_in(last_asked))
        .order_by(*order, seen.c.last, Quiz.position, Question.position)
    ).all()


def draw_myth_probe(user_id: int, myth_ids: list[str]) -> list[str]:
    """One fresh question per myth, in the myths' order; a question probing
    several of them covers them all. Myths without a fresh question are skipped."""
    by_myth, probes = defaultdict(list), defaultdict(set)
    for myth_id, question_id in _candidates(user_id, myth_ids):
        by_myth[myth_id].append(question_id)
        probes[question_id].add(myth_id)
    picked, covered = [], set()
    for myth_id in myth_ids:
        fresh = [q for q in by_myth[myth_id] if q not in picked]
        if myth_id in covered or not fresh:
            continue
        picked.append(fresh[0])
        covered |= probes[fresh[0]]
    return picked


def start_spaced_review(user_id: int, now: datetime) -> Attempt | None:
    """Resume the open spaced review, or start one on the myths due now; None when none are."""
    open_spaced_review = attempts.open_attempt(
        user_id, attempts.myth_probe_quiz().id, AttemptMode.MYTH_PROBE
    )
    if open_spaced_review:
        return open_spaced_review
    question_ids = draw_myth_probe(user_id, learner.due_myth_ids(user_id, now, MYTH_PROBE_SIZE))
    if not question_ids:
        return None
    return attempts.start_attempt(
        user_id, attempts.myth_probe_quiz(), AttemptMode.MYTH_PROBE, question_ids
    )


def start_assigned(user_id: int, assignment: Assignment) -> Attempt:
    """Start (or resume) what an assignment asks for: a re-teach of its myths or a delayed test."""
    if assignment.mode == AttemptMode.DELAYED:
        quiz = db.session.get(Quiz, POST_QUIZ)
        return attempts.start_attempt(
            user_id, quiz, AttemptMode.DELAYED, assignment_id=assignment.id
        )
    if assignment.mode != AttemptMode.MYTH_PROBE:
        raise Conflict(_("This assignment is a lesson: open it from your lessons."))
    question_ids = draw_myth_probe(user_id, assignment.myth_ids)
    if not question_ids:
        raise Conflict(_("There are no questions left to review these myths with."))
    return attempts.start_attempt(
        user_id,
        attempts.myth_probe_quiz(),
        AttemptMode.MYTH_PROBE,
        question_ids,
        assignment_id=assignment.id,
    )


def missed_question_ids(attempt: Attempt) -> list[str]:
    """The questions answered wrongly in an attempt, in the order they were asked."""
    return list(
        db.session.execute(
            sa.select(AttemptItem.question_id)
            .join(
                Answer,
                sa.and_(
                    Answer.attempt_id == AttemptItem.attempt_id,
                    Answer.question_id == AttemptItem.question_id,
                ),
            )
            .where(AttemptItem.attempt_id == attempt.id, Answer.is_correct.is_(False))
            .order_by(AttemptItem.position)
        ).scalars()
    )


def draw_retry(attempt: Attempt, missed: list[str]) -> list[str]:
    """An alternative question on the same myths for each miss, else the miss itself."""
    myths_of = defaultdict(set)
    for question_id, myth_id in db.session.execute(
        sa.select(QuestionMyth.question_id, QuestionMyth.myth_id).where(
            QuestionMyth.question_id.in_(missed)
        )
    ).all():
        myths_of[question_id].add(myth_id)
    all_myths = set().union(*myths_of.values()) if myths_of else set()
    candidates = _candidates(attempt.user_id, all_myths, attempt.quiz_id)
    used = {item.question_id for item in attempts.attempt_items(attempt)}
    picked = []
    for question_id in missed:
        alternative = next(
            (q for m, q in candidates if m in myths_of[question_id] and q not in used),
            question_id,
        )
        used.add(alternative)
        picked.append(alternative)
    return picked


def retry_offer(attempt: Attempt) -> int:
    """How many missed questions the learner can retry from this result (0: no retry).

    Only a finished lesson attempt (full or retry) that is the learner's latest
    for its quiz offers a retry, so retries chain without counting twice.
    """
    if not attempt.is_finished or attempt.quiz.kind != QuizKind.LESSON:
        return 0
    latest = db.session.execute(
        sa.select(sa.func.max(Attempt.id)).where(
            Attempt.user_id == attempt.user_id,
            Attempt.quiz_id == attempt.quiz_id,
            Attempt.mode.in_((AttemptMode.FULL, AttemptMode.RETRY)),
            Attempt.finished_at.is_not(None),
        )
    ).scalar()
    if latest != attempt.id:
        return 0
    return attempt.n_items - (attempt.n_correct or 0)


def start_retry(attempt: Attempt) -> Attempt:
    """Resume the open retry of this lesson quiz, or start one on this attempt's misses."""
    open_retry = attempts.open_attempt(attempt.user_id, attempt.quiz_id, AttemptMode.RETRY)
    if open_retry:
        return open_retry
    if not retry_offer(attempt):
        raise Conflict(_("There is nothing to retry from this result."))
    question_ids = draw_retry(attempt, missed_question_ids(attempt))
    return attempts.start_attempt(attempt.user_id, attempt.quiz, AttemptMode.RETRY, question_ids)
