"""Retention: the myth check before the lessons, after them, and weeks later.

Each learner counts with their first finished attempt of each test: the pre
myth check, the post myth check (mode "full") and the delayed post-test (the
post myth check again, mode "delayed"). Per myth the report gives the share
of right answers in each, Hake's normalized gain from pre to post, and the
loss from post to delayed. One class, every student when `classroom_id` is
None, or the ids a `learners` select gives.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from ..content import POST_QUIZ, PRE_QUIZ, AttemptMode
from ..extensions import db
from ..models import Answer, Attempt, Myth, QuestionMyth
from ..tallies import within
from .efficacy import hake_gain as holders_freed
from .learning import MisconceptionRow, confident_misconceptions_by_myth, group

TESTS = {
    (PRE_QUIZ, AttemptMode.FULL): "pre",
    (POST_QUIZ, AttemptMode.FULL): "post",
    (POST_QUIZ, AttemptMode.DELAYED): "delayed",
}


@dataclass
class Score:
    answered: int = 0
    right: int = 0

    @property
    def share(self) -> float | None:
        return self.right / self.answered if self.answered else None

    @property
    def percent(self) -> int | None:
        return None if self.share is None else round(100 * self.share)


def hake_gain(pre: float | None, post: float | None) -> float | None:
    """Normalized gain (post - pre) / (1 - pre) on shares of right answers: the one
    gain of `efficacy.hake_gain`, on the shares not answering right. None when a score
    is missing or nothing was left to gain."""
    if pre is None or post is None:
        return None
    return holders_freed(1 - pre, 1 - post)


@dataclass
class RetentionRow:
    myth_id: str | None
    statement: str
    pre: Score = field(default_factory=Score)
    post: Score = field(default_factory=Score)
    delayed: Score = field(default_factory=Score)

    @property
    def gain(self) -> float | None:
        return hake_gain(self.pre.share, self.post.share)

    @property
    def loss(self) -> int | None:
        """Percentage points lost from post to delayed (negative: it improved)."""
        if self.post.percent is None or self.delayed.percent is None:
            return None
        return round(100 * (self.post.share - self.delayed.share))


def _scores(learners: sa.Select, start=None, end=None) -> dict[tuple[str, str], Score]:
    """(test, myth id) -> answers and right answers in each learner's first attempt,
    those given on the days from `start` to `end` (each may be None: no limit)."""
    first = (
        sa.select(Attempt.quiz_id, Attempt.mode, sa.func.min(Attempt.id).label("attempt_id"))
        .where(
            Attempt.quiz_id.in_((PRE_QUIZ, POST_QUIZ)),
            Attempt.mode.in_((AttemptMode.FULL, AttemptMode.DELAYED)),
        )
        .where(Attempt.finished_at.is_not(None), Attempt.user_id.in_(learners))
        .group_by(Attempt.user_id, Attempt.quiz_id, Attempt.mode)
        .subquery()
    )
    query = (
        sa.select(
            first.c.quiz_id,
            first.c.mode,
            QuestionMyth.myth_id,
            sa.func.count(Answer.id),
            sa.func.count(Answer.id).filter(Answer.is_correct),
        )
        .select_from(first)
        .join(Answer, Answer.attempt_id == first.c.attempt_id)
        .join(QuestionMyth, QuestionMyth.question_id == Answer.question_id)
        .group_by(first.c.quiz_id, first.c.mode, QuestionMyth.myth_id)
    )
    rows = db.session.execute(within(query, None, Answer.answered_at, None, start, end)).all()
    return {
        (TESTS[(quiz_id, mode)], myth_id): Score(answered, right)
        for quiz_id, mode, myth_id, answered, right in rows
        if (quiz_id, mode) in TESTS
    }


def retention_by_myth(
    classroom_id: int | None = None, learners: sa.Select | None = None, start=None, end=None
) -> list[RetentionRow]:
    """Every active myth with its pre, post and delayed scores, then an "All myths" row."""
    scores = _scores(group(classroom_id, learners), start, end)
    myths = db.session.execute(
        db.select(Myth.id, Myth.statement).where(Myth.active).order_by(Myth.position)
    ).all()
    rows = [
        RetentionRow(
            myth_id,
            statement,
            *(scores.get((test, myth_id), Score()) for test in ("pre", "post", "delayed")),
        )
        for myth_id, statement in myths
    ]
    total = RetentionRow(None, "All myths")
    for row in rows:
        for test in ("pre", "post", "delayed"):
            score, part = getattr(total, test), getattr(row, test)
            score.answered += part.answered
            score.right += part.right
    return [*rows, total]


@dataclass
class GroupLearning:
    confident: list[MisconceptionRow]
    retention: list[RetentionRow]


def group_learning(learners: sa.Select | None, start=None, end=None) -> GroupLearning | None:
    """Confident misconceptions and retention for a chosen group (the admin's class or
    teacher filter) and days. None for everyone: both read answers rather than
    tallies, so they are kept to a group to stay fast however many answers there are."""
    if learners is None:
        return None
    days = {"start": start, "end": end}
    return GroupLearning(
        confident_misconceptions_by_myth(learners=learners, limit=5, **days),
        retention_by_myth(learners=learners, **days),
    )
