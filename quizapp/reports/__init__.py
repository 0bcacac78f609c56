"""Every aggregate query, in one place.

Functions return plain rows computed by the database (GROUP BY over indexed
columns); views and templates only display them. This module answers for one
learner; `classes` answers for a teacher's classes and `admin` across everything.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from .. import scoring
from ..content import POST_QUIZ, PRE_QUIZ
from ..extensions import db
from ..models import (
    Answer,
    Attempt,
    AttemptItem,
    Choice,
    Lesson,
    Myth,
    MythBelief,
    Question,
    QuestionMyth,
    Quiz,
)


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
        .where(Attempt.user_id == user_id, Attempt.finished_at.is_not(None), Attempt.mode == "full")
        .group_by(Attempt.quiz_id)
        .subquery()
    )
    open_ = (
        db.select(Attempt.quiz_id, Attempt.id)
        .where(Attempt.user_id == user_id, Attempt.finished_at.is_(None), Attempt.mode == "full")
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


def myth_states(user_id: int, myth_ids: list[str] | None = None) -> list[MythState]:
    """Every active myth (or those given) with the learner's state; one row per myth."""
    query = (
        db.select(Myth, MythBelief.state, MythBelief.updated_at)
        .outerjoin(
            MythBelief, sa.and_(MythBelief.myth_id == Myth.id, MythBelief.user_id == user_id)
        )
        .where(Myth.active)
        .order_by(Myth.position)
    )
    if myth_ids is not None:
        query = query.where(Myth.id.in_(myth_ids))
    return [
        MythState(myth, state or scoring.UNPROBED, updated)
        for myth, state, updated in db.session.execute(query).all()
    ]


def quiz_by_id(quiz_id: str) -> Quiz | None:
    return db.session.get(Quiz, quiz_id)


def attempt_myth_ids(attempt_id: int) -> list[str]:
    """The myths probed by the questions of one attempt."""
    return list(
        db.session.execute(
            db.select(QuestionMyth.myth_id)
            .join(AttemptItem, AttemptItem.question_id == QuestionMyth.question_id)
            .where(AttemptItem.attempt_id == attempt_id)
            .distinct()
        ).scalars()
    )


@dataclass
class ConfidentWrong:
    stem: str
    picked: str
    feedback: str


def confident_misconceptions(attempt_id: int) -> list[ConfidentWrong]:
    """Answers that were wrong although the learner was certain: the ones to look at first."""
    rows = db.session.execute(
        db.select(Question.stem, Choice.text, Choice.feedback)
        .join(Answer, Answer.question_id == Question.id)
        .join(Choice, Choice.id == Answer.choice_id)
        .where(Answer.attempt_id == attempt_id, Answer.certainty == 3, ~Answer.is_correct)
        .order_by(Answer.answered_at)
    ).all()
    return [ConfidentWrong(*row) for row in rows]
