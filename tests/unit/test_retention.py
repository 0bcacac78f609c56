import pytest

from quizapp.reports.myth_checks import CheckRow, Share, hake_gain


@pytest.mark.parametrize(
    ("before", "after", "gain"),
    [(0.5, 0.25, 0.5), (1.0, 0.0, 1.0), (0.6, 0.6, 0.0), (0.4, 0.7, -0.75), (0.8, 0.4, 0.5)],
)
def test_hake_gain_is_the_part_of_the_holders_freed(before, after, gain):
    assert hake_gain(before, after) == pytest.approx(gain)


@pytest.mark.parametrize(("before", "after"), [(0.0, 0.0), (None, 0.5), (0.5, None)])
def test_hake_gain_is_undefined_without_holders_or_data(before, after):
    assert hake_gain(before, after) is None


def test_loss_is_in_points_of_holding_from_after_to_weeks_later():
    row = CheckRow("m", "A myth", pre=Share(4, 3), post=Share(4, 0), delayed=Share(4, 1))
    assert (row.pre.percent, row.post.percent, row.delayed.percent) == (75, 0, 25)
    assert row.gain == 1.0
    assert row.loss == 25
    assert CheckRow("m", "A myth", post=Share(4, 0)).loss is None
