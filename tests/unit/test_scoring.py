from datetime import datetime, timedelta

import pytest

from quizapp import scoring
from quizapp.scoring import Belief, Evidence, update_belief

NOW = datetime(2026, 1, 1, 9, 0)


@pytest.mark.parametrize(
    ("correct", "certainty", "mark"),
    [(True, 1, 1), (True, 2, 2), (True, 3, 3), (False, 1, 0), (False, 2, -2), (False, 3, -6)],
)
def test_cbm_marks_follow_gardner_medwin(correct, certainty, mark):
    assert scoring.cbm_mark(correct, certainty) == mark


def test_cbm_rejects_unknown_certainty():
    with pytest.raises(ValueError):
        scoring.cbm_mark(True, 4)


def picked(certainty):
    return Evidence(picked_myth=True, correct=False, certainty=certainty)


def right(certainty=2):
    return Evidence(picked_myth=False, correct=True, certainty=certainty)


def test_picking_a_myth_while_sure_holds_it_firmly():
    belief, relapse = update_belief(Belief(), picked(3), NOW)
    assert (belief.state, belief.ever_held, relapse) == ("firm", True, False)


def test_picking_a_myth_while_guessing_holds_it_loosely():
    belief, _ = update_belief(Belief(), picked(1), NOW)
    assert belief.state == "loose"


def test_right_answer_without_history_means_never_held():
    belief, _ = update_belief(Belief(), right(), NOW)
    assert belief.state == "never"
    assert belief.review_due is None


def test_right_answer_after_holding_means_corrected_and_schedules_review():
    held, _ = update_belief(Belief(), picked(3), NOW)
    assert held.review_due == NOW + scoring.RELEARN_DELAY
    corrected, _ = update_belief(held, right(), NOW)
    assert corrected.state == "corrected"
    assert corrected.review_due == NOW + timedelta(days=1)
    again, _ = update_belief(corrected, right(), NOW)
    assert again.review_due == NOW + timedelta(days=3)


def test_picking_a_corrected_myth_again_is_a_relapse():
    held, _ = update_belief(Belief(), picked(2), NOW)
    corrected, _ = update_belief(held, right(), NOW)
    relapsed, relapse = update_belief(corrected, picked(1), NOW)
    assert relapse is True
    assert (relapsed.state, relapsed.relapses, relapsed.review_step) == ("loose", 1, 0)


def test_evidence_ignores_wrong_answers_that_do_not_pick_the_myth():
    assert scoring.evidence_for("m", "other", correct=False, certainty=2) is None
    assert scoring.evidence_for("m", None, correct=True, certainty=2).correct
    assert scoring.evidence_for("m", "m", correct=False, certainty=2).picked_myth


def test_percent_handles_empty_totals():
    assert scoring.percent(3, 4) == 75
    assert scoring.percent(0, 0) == 0
