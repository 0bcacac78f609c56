"""Learning-science aggregates: reviews due, lesson mastery, confident misconceptions.

Functions about many learners take `classroom_id`: one class, or None for
every student (what an admin sees), like the rest of `reports`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from .. import scoring
from ..content import AttemptMode, QuizKind
from ..extensions import db
from ..models import Answer, Assignment, Attempt, Choice, Membership, Myth, MythBelief, Quiz
from ..tallies import within
from ..timezones import local
from .classes import member_count, student_ids


def group(classroom_id: int | None, learners: sa.Select | None) -> sa.Select:
    """The learners a report covers: those `learners` selects, else a class or every student."""
    return learners if learners is not None else student_ids(classroom_id)


@dataclass
class ReviewsDue:
    due: int
    next_due: datetime | None
    now: datetime

    @property
    def next_in_days(self) -> int | None:
        """Calendar days, in the school's time zone, from today to the next review
        (0: later today)."""
        if self.next_due is None:
            return None
        return (local(self.next_due).date() - local(self.now).date()).days


def reviews_due(user_id: int, now: datetime) -> ReviewsDue:
    """How many myths are due for review now, and when the next one after that falls due."""
    due, next_due = db.session.execute(
        sa.select(
            sa.func.count().filter(MythBelief.review_due <= now),
            sa.func.min(MythBelief.review_due).filter(MythBelief.review_due > now),
        )
        .join(Myth, Myth.id == MythBelief.myth_id)
        .where(MythBelief.user_id == user_id, Myth.active)
    ).one()
    return ReviewsDue(due, next_due, now)


def due_myth_ids(user_id: int, now: datetime, limit: int) -> list[str]:
    """The learner's myths due for review, most overdue first."""
    return list(
        db.session.execute(
            db.select(MythBelief.myth_id)
            .join(Myth, Myth.id == MythBelief.myth_id)
            .where(MythBelief.user_id == user_id, MythBelief.review_due <= now, Myth.active)
            .order_by(MythBelief.review_due, Myth.position)
            .limit(limit)
        ).scalars()
    )


@dataclass
class Mastery:
    percent: int
    mastered: bool


def lesson_mastery(user_id: int, goal: float) -> dict[str, Mastery]:
    """Lesson quiz id -> the learner's mastery, for every lesson quiz they finished.

    The mastery score is the best of: any full attempt's score, and the latest
    full attempt's score with the misses later answered right in retries
    (each retry draws the misses of the attempt before it).
    """
    full, retry = aliased(Attempt), aliased(Attempt)
    own_full = sa.and_(
        Attempt.user_id == user_id,
        Attempt.mode == AttemptMode.FULL,
        Attempt.finished_at.is_not(None),
    )
    latest = (
        sa.select(Attempt.quiz_id, sa.func.max(Attempt.id).label("id"))
        .where(own_full)
        .group_by(Attempt.quiz_id)
        .subquery()
    )
    share = 1.0 * Attempt.n_correct / sa.func.nullif(Attempt.n_items, 0)
    best = (
        sa.select(Attempt.quiz_id, sa.func.max(share).label("best"))
        .where(own_full)
        .group_by(Attempt.quiz_id)
        .subquery()
    )
    rows = db.session.execute(
        sa.select(
            full.quiz_id,
            full.n_items,
            full.n_correct,
            sa.func.coalesce(sa.func.sum(retry.n_correct), 0),
            best.c.best,
        )
        .join(latest, latest.c.id == full.id)
        .join(best, best.c.quiz_id == full.quiz_id)
        .join(Quiz, sa.and_(Quiz.id == full.quiz_id, Quiz.kind == QuizKind.LESSON))
        .outerjoin(
            retry,
            sa.and_(
                retry.user_id == user_id,
                retry.quiz_id == full.quiz_id,
                retry.mode == AttemptMode.RETRY,
                retry.finished_at.is_not(None),
                retry.id > full.id,
            ),
        )
        .group_by(full.id, full.quiz_id, full.n_items, full.n_correct, best.c.best)
    ).all()
    result = {}
    for quiz_id, n_items, n_correct, retried, best_share in rows:
        share = max(best_share or 0, min(n_items, (n_correct or 0) + retried) / max(n_items, 1))
        result[quiz_id] = Mastery(round(100 * share), share >= goal)
    return result


@dataclass
class MisconceptionRow:
    myth_id: str
    statement: str
    dangerous: bool
    learners: int
    answers: int


def confident_misconceptions_by_myth(
    classroom_id: int | None = None,
    limit: int | None = None,
    learners: sa.Select | None = None,
    still_held: bool = False,
    start=None,
    end=None,
) -> list[MisconceptionRow]:
    """Myths picked while "certain" (wrong at certainty 3), most learners first.

    `learners` counts distinct students, `answers` every such answer. One
    class, every student when `classroom_id` is None, or the ids `learners` selects;
    answers given from `start` to `end` (days; None: no limit). `still_held` counts
    only learners who hold the myth now (a corrected one is no longer a misconception
    to start from).
    """
    query = (
        db.select(
            Myth.id,
            Myth.statement,
            Myth.dangerous,
            sa.func.count(sa.distinct(Answer.user_id)).label("learners"),
            sa.func.count(Answer.id).label("answers"),
        )
        .join(Choice, Choice.myth_id == Myth.id)
        .join(Answer, Answer.choice_id == Choice.id)
        .where(Answer.certainty == 3, Answer.is_correct.is_(False), Myth.active)
        .where(Answer.user_id.in_(group(classroom_id, learners)))
        .group_by(Myth.id, Myth.statement, Myth.dangerous, Myth.position)
        .order_by(sa.desc("learners"), sa.desc("answers"), Myth.position)
    )
    if still_held:
        query = query.join(
            MythBelief,
            sa.and_(MythBelief.user_id == Answer.user_id, MythBelief.myth_id == Myth.id),
        ).where(MythBelief.state.in_(scoring.HELD_STATES))
    query = within(query, None, Answer.answered_at, None, start, end)
    if limit is not None:
        query = query.limit(limit)
    return [MisconceptionRow(*row) for row in db.session.execute(query).all()]


def myths_held_by_share(classroom_id: int, share: float) -> list[str]:
    """Active myths held now (firmly or loosely) by at least `share` of the class,
    the most widely held first."""
    students = member_count(classroom_id)
    if not students:
        return []
    held = sa.func.count(MythBelief.user_id)
    return list(
        db.session.execute(
            db.select(Myth.id)
            .join(MythBelief, MythBelief.myth_id == Myth.id)
            .join(Membership, Membership.user_id == MythBelief.user_id)
            .where(Membership.classroom_id == classroom_id, Myth.active)
            .where(MythBelief.state.in_(scoring.HELD_STATES))
            .group_by(Myth.id, Myth.position)
            .having(held >= share * students)
            .order_by(held.desc(), Myth.position)
        ).scalars()
    )


@dataclass
class FollowUp:
    assignment: Assignment
    done: int
    myths: list[str]


def follow_ups(classroom_id: int) -> list[FollowUp]:
    """The class's review quizzes and delayed myth checks, newest first, with how
    many students finished each and the statements of the myths a review covers."""
    done = (
        sa.select(sa.func.count(sa.distinct(Attempt.user_id)))
        .where(Attempt.assignment_id == Assignment.id, Attempt.finished_at.is_not(None))
        .scalar_subquery()
    )
    rows = db.session.execute(
        db.select(Assignment, done)
        .where(Assignment.classroom_id == classroom_id)
        .where(Assignment.mode.in_((AttemptMode.REVIEW, AttemptMode.DELAYED)))
        .order_by(Assignment.created_at.desc(), Assignment.id.desc())
    ).all()
    statements = dict(db.session.execute(db.select(Myth.id, Myth.statement)).all())
    return [
        FollowUp(assignment, n_done, [statements[m] for m in assignment.myth_ids or []])
        for assignment, n_done in rows
    ]
