"""Which myths a class (or, with None, every student) still believes.

Counts come from the one MythBelief row per learner and myth; the change from
the myth check before the lessons to the one after is `efficacy.pre_post`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from .. import scoring
from ..extensions import db
from ..models import Answer, Choice, Myth, MythBelief, Question, QuestionMyth, Quiz, User
from .admin import Scope
from .classes import course_order, member_count, quiz_label, student_ids
from .efficacy import Share, pre_post

STATES = scoring.STATE_ORDER
STATE_CHOICES = [(state, scoring.STATE_LABELS[state]) for state in STATES]


@dataclass
class Segment:
    state: str
    label: str
    count: int
    x: float
    width: float


@dataclass
class MythRow:
    myth_id: str
    statement: str
    dangerous: bool
    counts: dict[str, int]
    pre: Share = field(default_factory=Share)
    post: Share = field(default_factory=Share)
    fact: str = ""

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def held(self) -> int:
        return self.counts[scoring.FIRM] + self.counts[scoring.LOOSE]

    @property
    def probed(self) -> int:
        """Learners with any evidence on the myth yet."""
        return self.total - self.counts[scoring.UNPROBED]

    def segments(self) -> list[Segment]:
        """The bar's parts as shares of 100, left to right, empty states left out."""
        parts, x = [], 0.0
        for state in STATES:
            width = 100 * self.counts[state] / self.total if self.total else 0
            if width:
                parts.append(
                    Segment(state, scoring.STATE_LABELS[state], self.counts[state], x, width)
                )
            x += width
        return parts


def class_myths(classroom_id: int | None, lesson_id: str | None = None) -> list[MythRow]:
    """Every active myth with its learners counted by state, and the pre/post change;
    the myths held by most learners (firmly or loosely) first; with a lesson, only the
    myths its quiz probes."""
    members = student_ids(classroom_id)
    n_students = member_count(classroom_id)
    beliefs = (
        sa.select(MythBelief.myth_id, MythBelief.state)
        .where(MythBelief.user_id.in_(members))
        .subquery()
    )
    held = [sa.func.count().filter(beliefs.c.state == s) for s in STATES[:-1]]
    rows = db.session.execute(
        db.select(Myth.id, Myth.statement, Myth.fact, Myth.dangerous, *held)
        .outerjoin(beliefs, beliefs.c.myth_id == Myth.id)
        .where(Myth.active, *_in_lesson(lesson_id))
        .group_by(Myth.id, Myth.statement, Myth.fact, Myth.dangerous, Myth.position)
        .order_by((held[0] + held[1]).desc(), held[0].desc(), Myth.position)
    ).all()
    checks = {row.myth_id: row for row in pre_post(Scope(classroom_id=classroom_id)).everyone}
    result = []
    for myth_id, statement, fact, dangerous, *counts in rows:
        by_state = dict(zip(STATES, [*counts, n_students - sum(counts)], strict=True))
        row = MythRow(myth_id, statement, dangerous, by_state, fact=fact)
        row.pre, row.post = checks[myth_id].pre, checks[myth_id].post
        result.append(row)
    return result


def _in_lesson(lesson_id: str | None) -> list:
    if lesson_id is None:
        return []
    probed = (
        sa.select(QuestionMyth.myth_id)
        .join(Question, Question.id == QuestionMyth.question_id)
        .where(Question.quiz_id == lesson_id, Question.active)
    )
    return [Myth.id.in_(probed)]


@dataclass
class Holder:
    user_id: int
    username: str
    state: str
    updated_at: datetime

    @property
    def label(self) -> str:
        return scoring.STATE_LABELS[self.state]


def myth_holders(classroom_id: int | None, myth_id: str) -> list[Holder]:
    """The learners who hold the myth now, firmly held first."""
    rows = db.session.execute(
        db.select(User.id, User.username, MythBelief.state, MythBelief.updated_at)
        .join(MythBelief, MythBelief.user_id == User.id)
        .where(User.id.in_(student_ids(classroom_id)), MythBelief.myth_id == myth_id)
        .where(MythBelief.state.in_(scoring.HELD_STATES))
        .order_by(MythBelief.state, User.username)
    ).all()
    return [Holder(*row) for row in rows]


@dataclass
class Probe:
    question_id: str
    stem: str
    quiz: str
    right_answer: str
    answered: int
    wrong: int


def probing_questions(classroom_id: int | None, myth_id: str) -> list[Probe]:
    """The active questions that probe a myth, most often answered wrongly first."""
    answers = (
        sa.select(Answer.question_id, Answer.is_correct)
        .where(Answer.user_id.in_(student_ids(classroom_id)))
        .subquery()
    )
    wrong = sa.func.count().filter(answers.c.is_correct.is_(False))
    rows = db.session.execute(
        db.select(
            Question.id,
            Question.stem,
            Quiz.kind,
            Quiz.title,
            Choice.text,
            sa.func.count(answers.c.question_id),
            wrong,
        )
        .join(QuestionMyth, QuestionMyth.question_id == Question.id)
        .join(Quiz, Quiz.id == Question.quiz_id)
        .join(Choice, sa.and_(Choice.question_id == Question.id, Choice.is_correct, Choice.active))
        .outerjoin(answers, answers.c.question_id == Question.id)
        .where(QuestionMyth.myth_id == myth_id, Question.active)
        .group_by(Question.id, Question.stem, Question.position, Choice.text)
        .group_by(Quiz.kind, Quiz.title, Quiz.position)
        .order_by(wrong.desc(), course_order(), Quiz.position, Question.position)
    ).all()
    return [
        Probe(qid, stem, quiz_label(kind, title), right, answered, wrong)
        for qid, stem, kind, title, right, answered, wrong in rows
    ]
