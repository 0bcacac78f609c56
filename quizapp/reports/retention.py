"""Retention: the myth check before the lessons, after them, and weeks later.

Per myth, the share of learners holding it in each (`efficacy.pre_post`, every
learner's first try of each), Hake's normalized gain from before to after, and
how much of it was lost weeks later.
"""

from __future__ import annotations

from dataclasses import dataclass

from .admin import Scope
from .efficacy import CheckRow, pre_post
from .learning import MisconceptionRow, confident_misconceptions_by_myth


def retention_by_myth(scope: Scope) -> list[CheckRow]:
    """Every active myth with its before, after and delayed shares, then "All myths"."""
    return pre_post(scope).everyone


@dataclass
class GroupLearning:
    confident: list[MisconceptionRow]
    retention: list[CheckRow]


def group_learning(scope: Scope) -> GroupLearning | None:
    """Confident misconceptions and retention for a chosen group (the admin's class or
    teacher filter) and days. None for everyone: both read answers rather than
    tallies, so they are kept to a group to stay fast however many answers there are."""
    if not scope.by_people:
        return None
    days = {"start": scope.start, "end": scope.end}
    return GroupLearning(
        confident_misconceptions_by_myth(learners=scope.learners(), limit=5, **days),
        retention_by_myth(scope),
    )
