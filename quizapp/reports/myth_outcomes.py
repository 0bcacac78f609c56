"""The admin Myths page: each myth before, after and now across the scope, the
myths the course fails to correct, and, for a chosen group, what they were
certain of and what they kept weeks later."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from .. import scoring
from ..content import SOURCE_LANGUAGE
from ..extensions import db
from ..models import MythBelief
from .activity import MIN_ANSWERS
from .myth_checks import CheckRow, PrePost, pre_post
from .myths import MisconceptionRow, confident_misconceptions_by_myth
from .scope import Scope


@dataclass
class MythOutcome(CheckRow):
    """One myth's share of learners holding it (picking its own choice) in the myth
    check before and after the lessons, and now (their belief); see `myth_checks`."""

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


def myth_outcomes(
    scope: Scope, checks: PrePost | None = None, language: str = SOURCE_LANGUAGE
) -> list[MythOutcome]:
    """Every active myth: share holding it in the myth check before, after, and now,
    with the matched figures (learners who took both checks) beside them; `checks` is
    the scope's `pre_post()`, read here unless the caller has it."""
    checks = checks or pre_post(scope, language)
    rows = {
        every.myth_id: MythOutcome(**vars(every), matched=matched)
        for every, matched in zip(checks.everyone, checks.matched, strict=True)
        if every.myth_id is not None
    }
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
    return scope.apply(query, MythBelief.user_id)


def surviving_myths(outcomes: list[MythOutcome]) -> list[MythOutcome]:
    """Myths still held after the course, most held first (post check, then now)."""
    survivors = [o for o in outcomes if o.post.held or (o.post_percent is None and o.held)]
    return sorted(
        survivors, key=lambda o: (o.post_percent or -1, o.now_percent or -1), reverse=True
    )


@dataclass
class GroupLearning:
    confident: list[MisconceptionRow]
    retention: list[CheckRow]


def group_learning(
    scope: Scope, retention: list[CheckRow], language: str = SOURCE_LANGUAGE
) -> GroupLearning | None:
    """Confident misconceptions and retention for a chosen group (the admin's class or
    teacher filter) and days. None for everyone: both read answers rather than
    tallies, so they are kept to a group to stay fast however many answers there are."""
    if not scope.by_people:
        return None
    confident = confident_misconceptions_by_myth(scope, limit=5, language=language)
    return GroupLearning(confident, retention)
