"""Myth outcomes and item analysis across classes, for admins.

Both read answers from each learner's first finished attempt at a quiz
(quizapp.tallies): from ItemTally for everyone, or computed from the answers
of one class or teacher. Item statistics follow Moodle's quiz statistics
report: facility (share correct), discrimination (correlation of the item
with the rest of the attempt's score) and how often each choice was picked.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import sqlalchemy as sa

from .. import scoring
from ..extensions import db
from ..models import Choice, ItemTally, MythBelief, Question, Quiz
from ..tallies import first_attempt_answers
from .admin import MIN_ANSWERS, QUIZ_ORDER, Scope, tally_days
from .classes import quiz_label
from .efficacy import CheckRow, pre_post, rows_per_active_myth

EASY, HARD = 0.95, 0.2


def tally_source(scope: Scope) -> sa.Subquery:
    """Tally rows in scope: (question_id, choice_id, day, answers, rest_sum, rest_squares)."""
    if scope.by_people:
        return first_attempt_answers(scope.learners(), scope.start, scope.end).subquery()
    return tally_days(ItemTally, scope)


@dataclass
class MythOutcome(CheckRow):
    """One myth's share of learners holding it (picking its own choice) in the myth
    check before and after the lessons, and now (their belief); see reports.efficacy."""

    probed: int = 0
    held: int = 0
    matched: CheckRow | None = None

    @property
    def pre_answered(self) -> int:
        return self.pre.n

    @property
    def post_answered(self) -> int:
        return self.post.n

    @property
    def pre_percent(self) -> int | None:
        return self.pre.percent

    @property
    def post_percent(self) -> int | None:
        return self.post.percent

    @property
    def now_percent(self) -> int | None:
        return scoring.percent(self.held, self.probed) if self.probed else None

    @property
    def too_few(self) -> bool:
        """Too few learners in the myth checks to judge the change by."""
        return min(self.pre.n, self.post.n) < MIN_ANSWERS


def myth_outcomes(scope: Scope) -> list[MythOutcome]:
    """Every active myth: share holding it in the myth check before, after, and now,
    with the matched figures (learners who took both checks) beside them."""
    rows = rows_per_active_myth(MythOutcome)
    checks = pre_post(scope)
    for every, matched in zip(checks.everyone, checks.matched, strict=True):
        if every.myth_id in rows:
            row = rows[every.myth_id]
            row.pre, row.post, row.delayed, row.matched = (
                every.pre,
                every.post,
                every.delayed,
                matched,
            )
    for myth_id, probed, held in db.session.execute(_beliefs_now(scope)):
        if myth_id in rows:
            rows[myth_id].probed, rows[myth_id].held = probed, held
    return list(rows.values())


def _beliefs_now(scope: Scope) -> sa.Select:
    """Per myth: learners with any evidence, and those holding it (dates do not apply)."""
    query = sa.select(
        MythBelief.myth_id,
        sa.func.count(),
        sa.func.count().filter(MythBelief.state.in_(scoring.HELD_STATES)),
    ).group_by(MythBelief.myth_id)
    learners = scope.learners()
    if learners is not None:
        query = query.where(MythBelief.user_id.in_(learners))
    return query


def surviving_myths(outcomes: list[MythOutcome]) -> list[MythOutcome]:
    """Myths still held after the course, most held first (post check, then now)."""
    survivors = [o for o in outcomes if o.post.held or (o.post_percent is None and o.held)]
    return sorted(
        survivors, key=lambda o: (o.post_percent or -1, o.now_percent or -1), reverse=True
    )


@dataclass
class ChoiceStat:
    key: str
    text: str
    is_correct: bool
    myth_id: str | None
    picks: int


@dataclass
class ItemStat:
    question_id: str
    quiz_id: str
    quiz: str
    stem: str
    answers: int
    correct: int
    discrimination: float | None
    choices: list[ChoiceStat] = field(default_factory=list)

    @property
    def facility(self) -> float | None:
        return self.correct / self.answers if self.answers else None

    def share(self, choice: ChoiceStat) -> int:
        return scoring.percent(choice.picks, self.answers)

    @property
    def flags(self) -> list[str]:
        """Why the item looks suspect; empty when fine or too few answers to say."""
        if self.answers < MIN_ANSWERS:
            return []
        flags = []
        if self.facility > EASY:
            flags.append(f"Very easy: facility above {EASY:.2f}")
        if self.facility < HARD:
            flags.append(f"Very hard: facility below {HARD:.2f}")
        if self.discrimination is not None and self.discrimination < 0:
            flags.append("Negative discrimination: stronger learners miss it more")
        unpicked = [c.key.upper() for c in self.choices if not c.is_correct and not c.picks]
        if unpicked:
            flags.append(f"Distractor nobody picks: {', '.join(unpicked)}")
        return flags


def item_stats(scope: Scope, quiz_id: str | None = None) -> list[ItemStat]:
    """Every active question in course order, with its facility, discrimination and choices."""
    rows = db.session.execute(_choice_rows(scope, quiz_id)).all()
    items: dict[str, ItemStat] = {}
    for row in rows:
        if row.question_id not in items:
            n, x, r, r2, xr = (int(value) for value in (row.n, row.x, row.r, row.r2, row.xr))
            label = quiz_label(row.kind, row.title)
            items[row.question_id] = ItemStat(
                row.question_id, row.quiz_id, label, row.stem, n, x, point_biserial(n, x, r, r2, xr)
            )
        choice = ChoiceStat(row.key, row.text, row.is_correct, row.myth_id, int(row.picks))
        items[row.question_id].choices.append(choice)
    return list(items.values())


def _choice_rows(scope: Scope, quiz_id: str | None) -> sa.Select:
    """One row per active choice with its picks, and its question's sums (window functions)."""
    tally = tally_source(scope)
    per_choice = (
        sa.select(
            tally.c.choice_id,
            sa.func.sum(tally.c.answers).label("picks"),
            sa.func.sum(tally.c.rest_sum).label("rest"),
            sa.func.sum(tally.c.rest_squares).label("rest2"),
        )
        .group_by(tally.c.choice_id)
        .subquery()
    )
    picks = sa.func.coalesce(per_choice.c.picks, 0)
    rest = sa.func.coalesce(per_choice.c.rest, 0)
    right = sa.case((Choice.is_correct, 1), else_=0)
    question = {"partition_by": Question.id}
    query = (
        sa.select(
            Question.id.label("question_id"),
            Question.stem,
            Quiz.id.label("quiz_id"),
            Quiz.kind,
            Quiz.title,
            Choice.key,
            Choice.text,
            Choice.is_correct,
            Choice.myth_id,
            picks.label("picks"),
            sa.func.sum(picks).over(**question).label("n"),
            sa.func.sum(picks * right).over(**question).label("x"),
            sa.func.sum(rest).over(**question).label("r"),
            sa.func.sum(sa.func.coalesce(per_choice.c.rest2, 0)).over(**question).label("r2"),
            sa.func.sum(rest * right).over(**question).label("xr"),
        )
        .join(Question, Question.id == Choice.question_id)
        .join(Quiz, Quiz.id == Question.quiz_id)
        .outerjoin(per_choice, per_choice.c.choice_id == Choice.id)
        .where(Question.active, Choice.active)
        .order_by(QUIZ_ORDER, Quiz.position, Question.position, Choice.position)
    )
    return query.where(Quiz.id == quiz_id) if quiz_id else query


def point_biserial(n: int, x: int, r: int, r2: int, xr: int) -> float | None:
    """Correlation of a right/wrong item with the rest score, from the five sums."""
    spread = (n * x - x * x) * (n * r2 - r * r)
    if n < 2 or spread <= 0:
        return None
    return (n * xr - x * r) / math.sqrt(spread)
