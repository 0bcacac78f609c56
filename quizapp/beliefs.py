"""Moving a learner's myth beliefs with the evidence of each answer.

A belief is one row per (learner, myth). The answer request reads the beliefs it
may move without a lock, with its other reads; it writes each one only if it is
still the version it read. When another request moved one meanwhile, the whole
write is undone and done again with the beliefs read under lock.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

import sqlalchemy as sa

from . import scoring
from .content import snapshot
from .database import dialect_name, execute_core, insert_for
from .extensions import db
from .models import MythBelief, Relapse

BELIEF_COLUMNS = ("state", "ever_held", "certainty", "review_step", "review_due", "relapses")
# A belief as an answer reads it: what moves it, and the version it must still be.
HELD_COLUMNS = (
    MythBelief.myth_id,
    MythBelief.version,
    *(getattr(MythBelief, name) for name in BELIEF_COLUMNS),
)
_BELIEFS_LOCKED = (
    db.select(*HELD_COLUMNS)
    .where(
        MythBelief.user_id == sa.bindparam("user_id"),
        MythBelief.myth_id.in_(sa.bindparam("myth_ids", expanding=True)),
    )
    .order_by(MythBelief.myth_id)
    .with_for_update()
)
SAVE_TRIES = 3

Saved = TypeVar("Saved")


class BeliefChanged(Exception):
    """Another request moved a belief between reading it and writing it."""


@functools.cache
def _belief_upsert(dialect: str):
    """INSERT ... ON CONFLICT DO UPDATE of one learner's belief in one myth, only if the
    stored belief is still the version the new values were worked out from
    (`seen_version`, None when there was none): otherwise it changes and returns no row."""
    table = MythBelief.__table__
    statement = insert_for(dialect)(table)
    changed = (*BELIEF_COLUMNS, "updated_at", "last_question_id")
    return statement.on_conflict_do_update(
        index_elements=["user_id", "myth_id"],
        set_={name: statement.excluded[name] for name in changed}
        | {"version": table.c.version + 1},
        where=table.c.version == sa.bindparam("seen_version", type_=sa.Integer),
    ).returning(table.c.myth_id)


def until_beliefs_hold(write: Callable[[dict | None], Saved], held: dict[str, sa.Row]) -> Saved:
    """`write(held)`, a transaction that moves beliefs, done again with the beliefs
    read under lock (`write(None)`) when another request moved one meanwhile. A lock
    holds a belief that exists, so the last try is needed only when the belief was
    first written between a locked read and the write."""
    for _ in range(SAVE_TRIES - 1):
        try:
            return write(held)
        except BeliefChanged:
            held = None
    return write(None)


def update_beliefs(
    user_id: int,
    question_id: str,
    choice: snapshot.ChoiceEntry,
    certainty: int,
    now: datetime,
    held: dict[str, sa.Row] | None,
) -> None:
    """Move the learner's belief in each myth the answer says something about; a
    wrong choice that reflects none of them reads and writes nothing.

    `held` is what was read before, unlocked; None reads the rows now, locked.
    Raises BeliefChanged if a belief is no longer as read."""
    evidence = {
        myth_id: scoring.evidence_for(myth_id, choice.myth_id, choice.is_correct, certainty)
        for myth_id in snapshot.question(question_id).myth_ids
    }
    moved = [myth_id for myth_id, found in evidence.items() if found is not None]
    if not moved:
        return
    if held is None:
        params = {"user_id": user_id, "myth_ids": moved}
        held = {row.myth_id: row for row in execute_core(_BELIEFS_LOCKED, params)}
    for myth_id in moved:
        _apply_evidence(user_id, myth_id, question_id, held.get(myth_id), evidence[myth_id], now)


def _apply_evidence(user_id, myth_id, question_id, row, evidence, now) -> None:
    old = {name: getattr(row, name) for name in BELIEF_COLUMNS} if row else {}
    new, relapse = scoring.update_belief(scoring.Belief(**old), evidence, now)
    values = {name: getattr(new, name) for name in BELIEF_COLUMNS}
    values |= {"user_id": user_id, "myth_id": myth_id, "updated_at": now}
    values |= {"last_question_id": question_id}
    values |= {"seen_version": row.version if row else None}
    if execute_core(_belief_upsert(dialect_name()), values).scalar() is None:
        raise BeliefChanged(myth_id)
    if relapse:
        db.session.add(Relapse(user_id=user_id, myth_id=myth_id, at=now))
