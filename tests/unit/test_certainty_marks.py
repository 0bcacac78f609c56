"""Certainty-based marking against the published thresholds and hand-computed
quiz totals, and a myth's spaced-review schedule over simulated weeks (pure functions)."""

from datetime import datetime, timedelta
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizapp import scoring
from quizapp.scoring import Belief, Evidence, update_belief

CERTAINTIES = (1, 2, 3)
DAY0 = datetime(2026, 1, 5, 9, 0)


def quiz_total(answers) -> int:
    return sum(scoring.cbm_mark(correct, certainty) for correct, certainty in answers)


def expected_mark(p_right, certainty: int):
    """What a learner who is right with probability p_right earns on average."""
    right, wrong = scoring.cbm_mark(True, certainty), scoring.cbm_mark(False, certainty)
    return p_right * right + (1 - p_right) * wrong


def best_certainty(p_right) -> int:
    """The certainty with the best expected mark (the higher one at a tie)."""
    return max(reversed(CERTAINTIES), key=lambda c: expected_mark(p_right, c))


@pytest.mark.parametrize(
    ("answers", "total"),
    [
        # 3 + 3 - 6 + 0 + 2 - 2 + 1
        ([(True, 3), (True, 3), (False, 3), (False, 1), (True, 2), (False, 2), (True, 1)], 1),
        ([(True, 3)] * 7, 21),
        ([(False, 3)] * 7, -42),
        ([(False, 1)] * 7, 0),
        # A lucky guesser: 2 right while guessing (+2), 1 wrong while sure (-2).
        ([(True, 1), (True, 1), (False, 2)], 0),
        # Sure and right 5 times, certain and wrong once: 10 - 6.
        ([(True, 2)] * 5 + [(False, 3)], 4),
    ],
)
def test_whole_quiz_totals_match_hand_computed_marks(answers, total):
    assert quiz_total(answers) == total


@given(st.fractions(min_value=0, max_value=1))
def test_published_thresholds_two_thirds_and_four_fifths(p):
    best = best_certainty(p)
    if p < Fraction(2, 3):
        assert best == 1
    elif Fraction(2, 3) < p < Fraction(4, 5):
        assert best == 2
    elif p > Fraction(4, 5):
        assert best == 3


@pytest.mark.parametrize(
    ("p", "certainty"), [(0.0, 1), (0.5, 1), (0.66, 1), (0.67, 2), (0.79, 2), (0.81, 3), (1.0, 3)]
)
def test_thresholds_as_published_in_percent(p, certainty):
    """Certainty 1 below 67% likely right, 3 above 80%."""
    assert best_certainty(p) == certainty


@given(st.floats(min_value=0, max_value=1))
def test_honest_certainty_maximises_expected_mark(p):
    best = best_certainty(p)
    if p < 0.66:
        assert best == 1
    elif 0.67 < p < 0.79:
        assert best == 2
    elif p > 0.81:
        assert best == 3


def test_at_a_threshold_both_neighbours_earn_the_same():
    third, fifth = Fraction(2, 3), Fraction(4, 5)
    assert expected_mark(third, 1) == expected_mark(third, 2)
    assert expected_mark(fifth, 2) == expected_mark(fifth, 3)


def picked(certainty: int) -> Evidence:
    return Evidence(picked_myth=True, correct=False, certainty=certainty)


def right(certainty: int = 2) -> Evidence:
    return Evidence(picked_myth=False, correct=True, certainty=certainty)


def test_held_corrected_reviewed_relapsed_corrected_over_weeks():
    at = DAY0
    held, relapse = update_belief(Belief(), picked(3), at)
    assert (held.state, held.review_due, relapse) == ("firm", at + scoring.RELEARN_DELAY, False)

    at += timedelta(hours=9)
    corrected, _ = update_belief(held, right(), at)
    assert (corrected.state, corrected.review_step) == ("corrected", 1)
    assert corrected.review_due == at + timedelta(days=1)

    reviewed = corrected
    for days in (3, 7, 21):
        at = reviewed.review_due
        reviewed, relapse = update_belief(reviewed, right(3), at)
        assert (reviewed.state, relapse) == ("corrected", False)
        assert reviewed.review_due == at + timedelta(days=days)

    at = reviewed.review_due
    relapsed, relapse = update_belief(reviewed, picked(2), at)
    assert relapse is True
    assert (relapsed.state, relapsed.relapses, relapsed.review_step) == ("firm", 1, 0)
    assert relapsed.review_due == at + scoring.RELEARN_DELAY

    at += timedelta(hours=8)
    again, relapse = update_belief(relapsed, right(), at)
    assert (again.state, again.relapses, relapse) == ("corrected", 1, False)
    assert again.review_due == at + timedelta(days=1)


def test_interval_stays_at_the_longest_once_reached():
    belief, _ = update_belief(Belief(), picked(1), DAY0)
    for _ in range(len(scoring.REVIEW_DAYS) + 3):
        belief, _ = update_belief(belief, right(), DAY0)
    assert belief.review_due == DAY0 + timedelta(days=scoring.REVIEW_DAYS[-1])
