"""Every aggregate query, in one place.

Functions return plain rows computed by the database (GROUP BY over indexed
columns); views and templates only display them. This module answers for one
learner; `classes` answers for a teacher's classes and `admin` across everything.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from .. import scoring
from ..content import POST_QUIZ, PRE_QUIZ, AttemptMode, QuizKind
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


def teaching_lessons() -> dict[str, TeachingLesson]:
    """Myth id -> the first active lesson whose quiz probes it: where to read up on it."""
    rank = (
        sa.func.row_number()
        .over(partition_by=QuestionMyth.myth_id, order_by=(Lesson.position, Lesson.id))
        .label("rank")
    )
    ranked = (
        sa.select(QuestionMyth.myth_id, Lesson.id, Lesson.title, rank)
        .join(Question, Question.id == QuestionMyth.question_id)
        .join(Quiz, Quiz.id == Question.quiz_id)
        .join(Lesson, Lesson.id == Quiz.lesson_id)
        .where(Question.active, Lesson.active, Quiz.kind == QuizKind.LESSON)
        .subquery()
    )
    rows = db.session.execute(
        sa.select(ranked.c.myth_id, ranked.c.id, ranked.c.title).where(ranked.c.rank == 1)
    ).all()
    return {myth_id: TeachingLesson(lesson_id, title) for myth_id, lesson_id, title in rows}


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
class WrongAnswer:
    stem: str
    picked: str
    feedback: str
    right: str
    certainty: int

    @property
    def certain(self) -> bool:
        return self.certainty == scoring.CERTAIN


def wrong_answers(attempt_id: int) -> list[WrongAnswer]:
    """Every wrong answer of an attempt with its explanation and the right answer;
    those given while "certain" first, as they are the ones to look at again."""
    right = sa.orm.aliased(Choice)
    rows = db.session.execute(
        db.select(Question.stem, Choice.text, Choice.feedback, right.text, Answer.certainty)
        .join(Answer, Answer.question_id == Question.id)
        .join(Choice, Choice.id == Answer.choice_id)
        .join(right, sa.and_(right.question_id == Question.id, right.is_correct, right.active))
        .where(Answer.attempt_id == attempt_id, ~Answer.is_correct)
        .order_by(Answer.certainty.desc(), Answer.answered_at, Answer.id)
    ).all()
    return [WrongAnswer(*row) for row in rows]
