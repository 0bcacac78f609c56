"""Item analysis across classes, for admins.

It reads answers from each learner's first finished attempt at a quiz (see
`tallies`): from ItemTally for everyone, or computed from the answers of one
class or teacher. Item statistics follow Moodle's quiz statistics report:
facility (share correct), discrimination (correlation of the item with the rest
of the attempt's score) and how often each choice was picked.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import format_decimal
from flask_babel import gettext as _

from .. import scoring
from ..content import SOURCE_LANGUAGE
from ..extensions import db
from ..models import Choice, ItemTally, Question, Quiz
from ..quiz_labels import course_order, quiz_label
from .activity import MIN_ANSWERS
from .scope import Scope
from .tallies import first_attempt_answers, tally_days
from .wording import in_language

EASY, HARD = 0.95, 0.2


def tally_source(scope: Scope) -> sa.Subquery:
    """Tally rows in scope: (question_id, choice_id, day, language, answers, rest_sum,
    rest_squares)."""
    if scope.by_people:
        return first_attempt_answers(scope).subquery()
    return tally_days(ItemTally, scope)


def answer_languages() -> list[str]:
    """The languages first attempts were answered in, the source language first: what
    item analysis can be split by."""
    tallied = db.session.execute(sa.select(ItemTally.language).distinct()).scalars()
    return [SOURCE_LANGUAGE, *sorted(set(tallied) - {SOURCE_LANGUAGE})]


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
            flags.append(
                _("Very easy: facility above %(value)s", value=format_decimal(EASY, "0.00"))
            )
        if self.facility < HARD:
            flags.append(
                _("Very hard: facility below %(value)s", value=format_decimal(HARD, "0.00"))
            )
        if self.discrimination is not None and self.discrimination < 0:
            flags.append(_("Negative discrimination: stronger learners miss it more"))
        unpicked = [c.key.upper() for c in self.choices if not c.is_correct and not c.picks]
        if unpicked:
            flags.append(_("Distractor nobody picks: %(keys)s", keys=", ".join(unpicked)))
        return flags


def item_stats(
    scope: Scope,
    quiz_id: str | None = None,
    answered_in: str | None = None,
    shown_in: str = SOURCE_LANGUAGE,
) -> list[ItemStat]:
    """Every active question in course order, with its facility, discrimination and choices.

    `answered_in` counts only the answers given in that language (None: every
    language together); `shown_in` is the language of the stems and choices shown.
    """
    rows = db.session.execute(_choice_rows(scope, quiz_id, answered_in, shown_in)).all()
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


def _choice_rows(
    scope: Scope, quiz_id: str | None, answered_in: str | None, shown_in: str
) -> sa.Select:
    """One row per active choice with its picks, and its question's sums (window functions)."""
    tally = tally_source(scope)
    counted = (tally.c.language == answered_in,) if answered_in else ()
    per_choice = (
        sa.select(
            tally.c.choice_id,
            sa.func.sum(tally.c.answers).label("picks"),
            sa.func.sum(tally.c.rest_sum).label("rest"),
            sa.func.sum(tally.c.rest_squares).label("rest2"),
        )
        .where(*counted)
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
            in_language(Question.stem, shown_in).label("stem"),
            Quiz.id.label("quiz_id"),
            Quiz.kind,
            in_language(Quiz.title, shown_in).label("title"),
            Choice.key,
            in_language(Choice.text, shown_in).label("text"),
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
        .order_by(course_order(), Quiz.position, Question.position, Choice.position)
    )
    return query.where(Quiz.id == quiz_id) if quiz_id else query


def point_biserial(n: int, x: int, r: int, r2: int, xr: int) -> float | None:
    """Correlation of a right/wrong item with the rest score, from the five sums."""
    spread = (n * x - x * x) * (n * r2 - r * r)
    if n < 2 or spread <= 0:
        return None
    return (n * xr - x * r) / math.sqrt(spread)
