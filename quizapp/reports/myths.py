"""Which myths the learners in a scope (a class, usually) believe now.

Counts come from the one MythBelief row per learner and myth; the change from
the myth check before the lessons to the one after is `myth_checks.pre_post`.
Confident misconceptions are the myths picked while "certain".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from .. import scoring
from ..content import SOURCE_LANGUAGE
from ..extensions import db
from ..models import Answer, Choice, Myth, MythBelief, Question, QuestionMyth, Quiz, User
from ..quiz_labels import course_order, quiz_label
from .myth_checks import CheckRow, Share, pre_post
from .scope import Scope
from .wording import in_language

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


def class_myths(
    scope: Scope,
    lesson_id: str | None = None,
    checks: list[CheckRow] | None = None,
    language: str = SOURCE_LANGUAGE,
) -> list[MythRow]:
    """Every active myth with its learners counted by state, and the pre/post change
    (from `checks`, the scope's `pre_post().everyone`, when the caller has it); the
    myths held by most learners (firmly or loosely) first; with a lesson, only the
    myths its quiz probes."""
    n_students = scope.learner_count()
    beliefs = scope.apply(
        sa.select(MythBelief.myth_id, MythBelief.state), MythBelief.user_id
    ).subquery()
    held = [sa.func.count().filter(beliefs.c.state == s) for s in STATES[:-1]]
    rows = db.session.execute(
        db.select(
            Myth.id,
            in_language(Myth.statement, language),
            in_language(Myth.fact, language),
            Myth.dangerous,
            *held,
        )
        .outerjoin(beliefs, beliefs.c.myth_id == Myth.id)
        .where(Myth.active, *_in_lesson(lesson_id))
        .group_by(Myth.id, Myth.statement, Myth.fact, Myth.dangerous, Myth.position)
        .order_by((held[0] + held[1]).desc(), held[0].desc(), Myth.position)
    ).all()
    by_myth = {row.myth_id: row for row in checks or pre_post(scope, language).everyone}
    result = []
    for myth_id, statement, fact, dangerous, *counts in rows:
        by_state = dict(zip(STATES, [*counts, n_students - sum(counts)], strict=True))
        row = MythRow(myth_id, statement, dangerous, by_state, fact=fact)
        row.pre, row.post = by_myth[myth_id].pre, by_myth[myth_id].post
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


def myth_holders(scope: Scope, myth_id: str) -> list[Holder]:
    """The learners who hold the myth now, firmly held first."""
    query = (
        db.select(User.id, User.username, MythBelief.state, MythBelief.updated_at)
        .join(MythBelief, MythBelief.user_id == User.id)
        .where(MythBelief.myth_id == myth_id, MythBelief.state.in_(scoring.HELD_STATES))
        .order_by(MythBelief.state, User.username)
    )
    rows = db.session.execute(scope.apply(query, User.id)).all()
    return [Holder(*row) for row in rows]


@dataclass
class Probe:
    question_id: str
    stem: str
    quiz: str
    right_answer: str
    answered: int
    wrong: int


def probing_questions(scope: Scope, myth_id: str, language: str = SOURCE_LANGUAGE) -> list[Probe]:
    """The active questions that probe a myth, most often answered wrongly first."""
    answers = scope.apply(
        sa.select(Answer.question_id, Answer.is_correct), Answer.user_id
    ).subquery()
    wrong = sa.func.count().filter(answers.c.is_correct.is_(False))
    rows = db.session.execute(
        db.select(
            Question.id,
            in_language(Question.stem, language),
            Quiz.kind,
            in_language(Quiz.title, language),
            in_language(Choice.text, language),
            sa.func.count(answers.c.question_id),
            wrong,
        )
        .join(QuestionMyth, QuestionMyth.question_id == Question.id)
        .join(Quiz, Quiz.id == Question.quiz_id)
        .join(Choice, sa.and_(Choice.question_id == Question.id, Choice.is_correct, Choice.active))
        .outerjoin(answers, answers.c.question_id == Question.id)
        .where(QuestionMyth.myth_id == myth_id, Question.active)
        .group_by(Question.id, Question.stem, Question.position, Choice.id, Choice.text)
        .group_by(Quiz.id, Quiz.kind, Quiz.title, Quiz.position)
        .order_by(wrong.desc(), course_order(), Quiz.position, Question.position)
    ).all()
    return [
        Probe(qid, stem, quiz_label(kind, title), right, answered, wrong)
        for qid, stem, kind, title, right, answered, wrong in rows
    ]


@dataclass
class MisconceptionRow:
    myth_id: str
    statement: str
    dangerous: bool
    learners: int
    answers: int


def confident_misconceptions_by_myth(
    scope: Scope,
    limit: int | None = None,
    still_held: bool = False,
    language: str = SOURCE_LANGUAGE,
) -> list[MisconceptionRow]:
    """Myths picked while "certain" (wrong at certainty 3), most learners first.

    `learners` counts distinct learners, `answers` every such answer given within
    the scope's days. `still_held` counts only learners who hold the myth now (a
    corrected one is no longer a misconception to start from).
    """
    query = (
        db.select(
            Myth.id,
            in_language(Myth.statement, language),
            Myth.dangerous,
            sa.func.count(sa.distinct(Answer.user_id)).label("learners"),
            sa.func.count(Answer.id).label("answers"),
        )
        .join(Choice, Choice.myth_id == Myth.id)
        .join(Answer, Answer.choice_id == Choice.id)
        .where(Answer.certainty == 3, Answer.is_correct.is_(False), Myth.active)
        .group_by(Myth.id, Myth.statement, Myth.dangerous, Myth.position)
        .order_by(sa.desc("learners"), sa.desc("answers"), Myth.position)
    )
    if still_held:
        query = query.join(
            MythBelief,
            sa.and_(MythBelief.user_id == Answer.user_id, MythBelief.myth_id == Myth.id),
        ).where(MythBelief.state.in_(scoring.HELD_STATES))
    query = scope.apply(query, Answer.user_id, Answer.answered_at)
    if limit is not None:
        query = query.limit(limit)
    return [MisconceptionRow(*row) for row in db.session.execute(query).all()]


def myths_held_by_share(scope: Scope, share: float) -> list[str]:
    """Active myths held now (firmly or loosely) by at least `share` of the scope's
    learners, the most widely held first."""
    learners = scope.learner_count()
    if not learners:
        return []
    held = sa.func.count(MythBelief.user_id)
    query = (
        db.select(Myth.id)
        .join(MythBelief, MythBelief.myth_id == Myth.id)
        .where(Myth.active, MythBelief.state.in_(scoring.HELD_STATES))
        .group_by(Myth.id, Myth.position)
        .having(held >= share * learners)
        .order_by(held.desc(), Myth.position)
    )
    return list(db.session.execute(scope.apply(query, MythBelief.user_id)).scalars())
