"""Pure scoring rules: certainty-based marks, myth-belief transitions, review schedule.

Nothing here touches the database, so every rule is unit-tested directly.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l

CERTAINTY_LABELS = {1: _l("Guessing"), 2: _l("Fairly sure"), 3: _l("Certain")}
CERTAIN = 3
# Gardner-Medwin's certainty-based marking, as in Moodle's CBM behaviour.
CBM_RIGHT = {1: 1, 2: 2, 3: 3}
CBM_WRONG = {1: 0, 2: -2, 3: -6}
# Days until the next check of a myth, by how many times in a row it was answered right.
REVIEW_DAYS = (1, 3, 7, 21, 60)
RELEARN_DELAY = timedelta(hours=8)

FIRM, LOOSE, CORRECTED, NEVER, UNPROBED = "firm", "loose", "corrected", "never", "unprobed"
HELD_STATES = (FIRM, LOOSE)
# From most to least in need of work: how pages list a learner's myths.
STATE_ORDER = (FIRM, LOOSE, CORRECTED, NEVER, UNPROBED)
STATE_LABELS = {
    FIRM: _l("Firmly held"),
    LOOSE: _l("Loosely held"),
    CORRECTED: _l("Corrected"),
    NEVER: _l("Never held"),
    UNPROBED: _l("Not yet checked"),
}


def cbm_mark(correct: bool, certainty: int) -> int:
    """The CBM mark of one answer: right +1/+2/+3, wrong 0/-2/-6 by certainty 1/2/3."""
    if certainty not in CBM_RIGHT:
        raise ValueError(f"certainty must be 1, 2 or 3, not {certainty!r}")
    return CBM_RIGHT[certainty] if correct else CBM_WRONG[certainty]


@dataclass(frozen=True)
class Belief:
    """One learner's state for one myth, with its review schedule."""

    state: str = UNPROBED
    ever_held: bool = False
    certainty: int = 1
    review_step: int = 0
    review_due: datetime | None = None
    relapses: int = 0


@dataclass(frozen=True)
class Evidence:
    """What one answer says about one myth the question probes."""

    picked_myth: bool
    correct: bool
    certainty: int


def evidence_for(myth_id: str, choice_myth_id: str | None, correct: bool, certainty: int):
    """Evidence about `myth_id` from a choice, or None when the choice says nothing about it."""
    if choice_myth_id == myth_id:
        return Evidence(picked_myth=True, correct=False, certainty=certainty)
    if correct:
        return Evidence(picked_myth=False, correct=True, certainty=certainty)
    return None


def update_belief(belief: Belief, evidence: Evidence, now: datetime) -> tuple[Belief, bool]:
    """Apply one piece of evidence; the latest evidence wins.

    Returns the new belief and whether this answer is a relapse (a corrected
    myth picked again).
    """
    if evidence.picked_myth:
        relapse = belief.state == CORRECTED
        new = replace(
            belief,
            state=FIRM if evidence.certainty >= 2 else LOOSE,
            ever_held=True,
            certainty=evidence.certainty,
            review_step=0,
            review_due=now + RELEARN_DELAY,
            relapses=belief.relapses + relapse,
        )
        return new, relapse
    step = min(belief.review_step, len(REVIEW_DAYS) - 1)
    new = replace(
        belief,
        state=CORRECTED if belief.ever_held else NEVER,
        certainty=evidence.certainty,
        review_step=belief.review_step + 1,
        review_due=now + timedelta(days=REVIEW_DAYS[step]) if belief.ever_held else None,
    )
    return new, False


def percent(part: int | None, whole: int | None) -> int:
    """A whole-number percentage, 0 when there is nothing to divide."""
    if not whole:
        return 0
    return round(100 * (part or 0) / whole)
