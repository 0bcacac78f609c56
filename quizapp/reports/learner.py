"""One learner's course: lessons done and their best scores, the myth checks,
where they stand on each myth, the spaced reviews due and their mastery of each lesson."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from .. import scoring
from ..content import POST_QUIZ, PRE_QUIZ, SOURCE_LANGUAGE, AttemptMode, QuizKind
from ..extensions import db
from ..models import Attempt, Lesson, Myth, MythBelief, Question, QuestionMyth, Quiz
from ..timezones import local
from .wording import in_language


@dataclass
class LessonProgress:
    lesson: Lesson
    status: str  # "not started" | "in progress" | "done"
    best_percent: int | None
    open_attempt_id: int | None


def lesson_progress(user_id: int) -> list[LessonProgress]:
    """Each active lesson with the learner's status and best score, in course order."""
    finished = (
        db.select(
            Attempt.quiz_id,
            sa.func.max(100.0 * Attempt.n_correct / sa.func.nullif(Attempt.n_items, 0)).label(
                "best"
            ),
        )
        .where(
            Attempt.user_id == user_id,
            Attempt.finished_at.is_not(None),
            Attempt.mode == AttemptMode.FULL,
        )
        .group_by(Attempt.quiz_id)
        .subquery()
    )
    open_ = (
        db.select(Attempt.quiz_id, Attempt.id)
        .where(
            Attempt.user_id == user_id,
            Attempt.finished_at.is_(None),
            Attempt.mode == AttemptMode.FULL,
        )
        .subquery()
    )
    rows = db.session.execute(
        db.select(Lesson, finished.c.best, open_.c.id)
        .outerjoin(finished, finished.c.quiz_id == Lesson.id)
        .outerjoin(open_, open_.c.quiz_id == Lesson.id)
        .where(Lesson.active)
        .order_by(Lesson.position)
    ).all()
    return [
        LessonProgress(
            lesson=lesson,
            status="done" if best is not None else "in progress" if open_id else "not started",
            best_percent=None if best is None else round(best),
            open_attempt_id=open_id,
        )
        for lesson, best, open_id in rows
    ]


def has_finished(user_id: int, quiz_id: str) -> bool:
    return bool(
        db.session.execute(
            db.select(sa.func.count(Attempt.id)).where(
                Attempt.user_id == user_id,
                Attempt.quiz_id == quiz_id,
                Attempt.finished_at.is_not(None),
            )
        ).scalar()
    )


@dataclass
class CourseStatus:
    pre_done: bool
    lessons_done: int
    lessons_total: int
    post_done: bool

    @property
    def post_unlocked(self) -> bool:
        return self.pre_done and self.lessons_done >= self.lessons_total > 0


def course_status(user_id: int, progress: list[LessonProgress]) -> CourseStatus:
    return CourseStatus(
        pre_done=has_finished(user_id, PRE_QUIZ),
        lessons_done=sum(p.status == "done" for p in progress),
        lessons_total=len(progress),
        post_done=has_finished(user_id, POST_QUIZ),
    )


@dataclass
class MythState:
    myth: Myth
    state: str
    updated_at: object | None

    @property
    def label(self) -> str:
        return scoring.STATE_LABELS[self.state]

    @property
    def held(self) -> bool:
        return self.state in scoring.HELD_STATES


def myth_states(
    user_id: int, myth_ids: list[str] | None = None, held_first: bool = False
) -> list[MythState]:
    """Every active myth (or those given) with the learner's state; one row per myth.

    `held_first` orders by state (firmly held, loosely held, corrected, never
    held, not yet checked), then course order."""
    state = sa.func.coalesce(MythBelief.state, scoring.UNPROBED)
    query = db.select(Myth, MythBelief.state, MythBelief.updated_at).outerjoin(
        MythBelief, sa.and_(MythBelief.myth_id == Myth.id, MythBelief.user_id == user_id)
    )
    if held_first:
        query = query.order_by(
            sa.case({s: i for i, s in enumerate(scoring.STATE_ORDER)}, value=state)
        )
    query = query.where(Myth.active).order_by(Myth.position)
    if myth_ids is not None:
        query = query.where(Myth.id.in_(myth_ids))
    return [
        MythState(myth, state or scoring.UNPROBED, updated)
        for myth, state, updated in db.session.execute(query).all()
    ]


@dataclass
class TeachingLesson:
    lesson_id: str
    title: str


def teaching_lessons(language: str = SOURCE_LANGUAGE) -> dict[str, TeachingLesson]:
    """Myth id -> the first active lesson whose quiz probes it: where to read up on it."""
    rank = (
        sa.func.row_number()
        .over(partition_by=QuestionMyth.myth_id, order_by=(Lesson.position, Lesson.id))
        .label("rank")
    )
    ranked = (
        sa.select(QuestionMyth.myth_id, Lesson.id, in_language(Lesson.title, language), rank)
        .join(Question, Question.id == QuestionMyth.question_id)
        .join(Quiz, Quiz.id == Question.quiz_id)
        .join(Lesson, Lesson.id == Quiz.lesson_id)
        .where(Question.active, Lesson.active, Quiz.kind == QuizKind.LESSON)
        .subquery()
    )
    rows = db.session.execute(sa.select(*ranked.c).where(ranked.c.rank == 1)).all()
    return {myth_id: TeachingLesson(lesson_id, title) for myth_id, lesson_id, title, _ in rows}


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
        Attempt.mode.in_((AttemptMode.FULL, AttemptMode.LIVE)),
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
