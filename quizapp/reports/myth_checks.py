"""The myth checks before the lessons, after them and weeks later: what the course
changed, for every learner in scope and for those who took both (matched).

Holding a myth means picking the choice that reflects it, as the belief rules read
an answer (quizapp.scoring.evidence_for): another wrong choice says nothing about
that myth. The same definition serves the myth checks here and "now" (MythBelief).

Each learner counts with their first finished attempt of each check: the myth
check before the lessons, after them, and the delayed one weeks later. Matched
means only learners with both a before and an after check in scope count, so the
two compare the same people. A myth's intervals are Wilson score intervals at
95%. "All myths" of the matched learners takes the learner as its unit, since one
learner's answers on different myths are not independent: each matched learner's
share of the myths they held, averaged over learners, with a 95% t interval over
learners. `pre_post` is the one computation of these shares and `hake_gain` the one
gain: the teacher's class myths and retention table, the admin Myths page and the
efficacy report all read them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from .. import scoring
from ..content import POST_QUIZ, PRE_QUIZ, SOURCE_LANGUAGE, AttemptMode
from ..extensions import db
from ..models import Answer, Attempt, Choice, Myth, QuestionMyth
from .scope import Scope
from .wording import in_language

Z_95 = 1.959964
# The t distribution's 97.5% point for 1 and 2 degrees of freedom, where the
# expansion in t_975 is too rough.
T_975_FEW = {1: 12.7062, 2: 4.3027}
TEST_NAMES = ("pre", "post", "delayed")


def test_name():
    """The check an attempt is: pre, post or delayed."""
    return sa.case(
        (Attempt.quiz_id == PRE_QUIZ, "pre"),
        (Attempt.mode == AttemptMode.DELAYED, "delayed"),
        else_="post",
    )


def wilson(held: int, n: int, z: float = Z_95) -> tuple[float, float] | None:
    """The Wilson score interval of a proportion held / n; None when n is 0."""
    if not n:
        return None
    p = held / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    spread = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - spread), min(1.0, centre + spread)


def t_975(df: int) -> float:
    """The t distribution's 97.5% point (a two-sided 95% interval): exact below 3
    degrees of freedom, else the Cornish-Fisher expansion around the normal's
    (within 0.005 at 3, 0.001 from 5)."""
    if df in T_975_FEW:
        return T_975_FEW[df]
    z = Z_95
    return (
        z
        + (z**3 + z) / (4 * df)
        + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)
        + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * df**3)
        + (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / (92160 * df**4)
    )


def active_myths(language: str = SOURCE_LANGUAGE) -> list[sa.Row]:
    """(id, statement in `language`, dangerous) of every active myth, in course order."""
    statement = in_language(Myth.statement, language)
    query = sa.select(Myth.id, statement, Myth.dangerous).where(Myth.active)
    return db.session.execute(query.order_by(Myth.position)).all()


def hake_gain(before: float | None, after: float | None) -> float | None:
    """The one gain: Hake's normalized gain on the share *not* holding a myth,
    (after_free - before_free) / (1 - before_free), which is (before - after) / before
    on the shares holding it: the part of the holders the lessons freed. None when
    nobody held it before."""
    if before is None or after is None or before == 0:
        return None
    return (before - after) / before


@dataclass
class Share:
    """How many learners answered about a myth in one check, and how many held it."""

    n: int = 0
    held: int = 0

    @property
    def share(self) -> float | None:
        return self.held / self.n if self.n else None

    @property
    def percent(self) -> int | None:
        return scoring.percent(self.held, self.n) if self.n else None

    @property
    def interval(self) -> tuple[float, float] | None:
        return wilson(self.held, self.n)

    def __add__(self, other: Share) -> Share:
        return Share(self.n + other.n, self.held + other.held)


@dataclass
class LearnerMean:
    """Each learner's share of myths held in one check, over `n` learners: their mean,
    and a 95% t interval over learners (the learner is the unit)."""

    n: int = 0
    total: float = 0.0
    squares: float = 0.0

    @property
    def share(self) -> float | None:
        return self.total / self.n if self.n else None

    @property
    def interval(self) -> tuple[float, float] | None:
        if self.n < 2:
            return None
        mean = self.total / self.n
        variance = max(0.0, (self.squares - self.n * mean * mean) / (self.n - 1))
        spread = t_975(self.n - 1) * math.sqrt(variance / self.n)
        return max(0.0, mean - spread), min(1.0, mean + spread)


@dataclass
class CheckRow:
    """One myth (or, with no id, all of them pooled) in the myth checks: the share
    holding it before the lessons, after them and weeks later."""

    myth_id: str | None
    statement: str
    dangerous: bool = False
    pre: Share | LearnerMean = field(default_factory=Share)
    post: Share | LearnerMean = field(default_factory=Share)
    delayed: Share | LearnerMean = field(default_factory=Share)

    @property
    def gain(self) -> float | None:
        return hake_gain(self.pre.share, self.post.share)

    @property
    def loss(self) -> int | None:
        """Points of holding regained from after to weeks later (negative: fewer held it)."""
        if self.post.n and self.delayed.n:
            return round(100 * (self.delayed.share - self.post.share))
        return None


@dataclass
class PrePost:
    """Every active myth, then "All myths": for every learner in scope (their answers
    pooled), and for the matched ones only (the learner as the unit)."""

    everyone: list[CheckRow]
    matched: list[CheckRow]


def _first_checks(scope: Scope) -> sa.Subquery:
    """(user_id, test, attempt_id): each learner's first finished attempt of each check."""
    query = (
        sa.select(Attempt.user_id, test_name().label("test"), sa.func.min(Attempt.id).label("id"))
        .where(Attempt.quiz_id.in_((PRE_QUIZ, POST_QUIZ)), Attempt.finished_at.is_not(None))
        .where(Attempt.mode.in_((AttemptMode.FULL, AttemptMode.DELAYED)))
        .group_by(Attempt.user_id, Attempt.quiz_id, Attempt.mode)
    )
    learners = scope.learners()
    if learners is not None:
        query = query.where(Attempt.user_id.in_(learners))
    return query.subquery()


def held_answers(scope: Scope) -> sa.Subquery:
    """(user_id, test, myth_id, held): per learner, check and myth, 1 if they picked the
    myth's own choice; answers within the scope's days."""
    first = _first_checks(scope)
    held = sa.case((Choice.myth_id == QuestionMyth.myth_id, 1), else_=0)
    query = (
        sa.select(
            first.c.user_id, first.c.test, QuestionMyth.myth_id, sa.func.max(held).label("held")
        )
        .select_from(first)
        .join(Answer, Answer.attempt_id == first.c.id)
        .join(QuestionMyth, QuestionMyth.question_id == Answer.question_id)
        .join(Choice, Choice.id == Answer.choice_id)
        .group_by(first.c.user_id, first.c.test, QuestionMyth.myth_id)
    )
    return scope.apply(query, Answer.user_id, Answer.answered_at).subquery()


def _matched(answers: sa.Subquery) -> sa.Select:
    """Ids of the learners with both a before and an after check."""
    return (
        sa.select(answers.c.user_id)
        .where(answers.c.test.in_(("pre", "post")))
        .group_by(answers.c.user_id)
        .having(sa.func.count(sa.distinct(answers.c.test)) == 2)
    )


def _per_learner(answers: sa.Subquery, matched) -> sa.Select:
    """Per check: how many matched learners, the sum of each one's share of myths held,
    and the sum of its squares."""
    one = sa.literal_column("1.0", sa.Float)
    shares = (
        sa.select(
            answers.c.test, (one * sa.func.sum(answers.c.held) / sa.func.count()).label("share")
        )
        .where(matched)
        .group_by(answers.c.user_id, answers.c.test)
        .subquery()
    )
    return sa.select(
        shares.c.test,
        sa.func.count(),
        sa.func.sum(shares.c.share),
        sa.func.sum(shares.c.share * shares.c.share),
    ).group_by(shares.c.test)


def pre_post(scope: Scope, language: str = SOURCE_LANGUAGE) -> PrePost:
    """The myth checks before, after and weeks later, per myth and pooled, in one query:
    each learner's first try of each check, all of them and the matched ones; the
    myths' words in `language`, the answers in every language."""
    answers = held_answers(scope)
    flagged = sa.select(
        answers,
        sa.case((answers.c.user_id.in_(_matched(answers)), 1), else_=0).label("matched"),
    ).subquery()
    total = sa.func.coalesce(sa.func.sum(flagged.c.held), 0)
    matched_n = sa.func.coalesce(sa.func.sum(flagged.c.matched), 0)
    matched_held = sa.func.coalesce(sa.func.sum(flagged.c.held * flagged.c.matched), 0)
    counts = db.session.execute(
        sa.select(flagged.c.myth_id, flagged.c.test, sa.func.count(), total)
        .add_columns(matched_n, matched_held)
        .group_by(flagged.c.myth_id, flagged.c.test)
    ).all()
    myths = active_myths(language)
    everyone = {myth[0]: CheckRow(*myth) for myth in myths}
    matched = {myth[0]: CheckRow(*myth) for myth in myths}
    for myth_id, test, n, held, n_matched, held_matched in counts:
        if myth_id in everyone:
            setattr(everyone[myth_id], test, Share(n, int(held)))
            setattr(matched[myth_id], test, Share(int(n_matched), int(held_matched)))
    matched_rows = _with_total(matched.values())
    matched_rows[-1] = _learner_means(answers)
    return PrePost(_with_total(everyone.values()), matched_rows)


def _learner_means(answers: sa.Subquery) -> CheckRow:
    """ "All myths" of the matched learners: each one's share of myths held, averaged."""
    total = CheckRow(None, _l("All myths"))
    matched = answers.c.user_id.in_(_matched(answers))
    for test, n, shares, squares in db.session.execute(_per_learner(answers, matched)):
        setattr(total, test, LearnerMean(n, float(shares), float(squares)))
    return total


def _with_total(rows) -> list[CheckRow]:
    """The rows, then "All myths": their answers pooled."""
    rows = list(rows)
    total = CheckRow(None, _l("All myths"))
    for test in TEST_NAMES:
        setattr(total, test, sum((getattr(row, test) for row in rows), Share()))
    return [*rows, total]


def matched_learners(scope: Scope) -> int:
    """How many learners took both the before and the after check in scope."""
    matched = _matched(held_answers(scope)).subquery()
    return db.session.execute(sa.select(sa.func.count()).select_from(matched)).scalar() or 0
