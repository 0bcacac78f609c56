import pytest

from quizapp.reports.retention import RetentionRow, Score, hake_gain


@pytest.mark.parametrize(
    ("pre", "post", "gain"),
    [(0.5, 0.75, 0.5), (0.0, 1.0, 1.0), (0.4, 0.4, 0.0), (0.6, 0.3, -0.75), (0.2, 0.6, 0.5)],
)
def test_hake_gain_is_the_share_of_what_was_left_to_learn(pre, post, gain):
    assert hake_gain(pre, post) == pytest.approx(gain)


@pytest.mark.parametrize(("pre", "post"), [(1.0, 1.0), (None, 0.5), (0.5, None)])
def test_hake_gain_is_undefined_without_room_or_data(pre, post):
    assert hake_gain(pre, post) is None


def test_loss_is_in_points_from_post_to_delayed():
    row = RetentionRow("m", "A myth", Score(4, 1), Score(4, 4), Score(4, 3))
    assert (row.pre.percent, row.post.percent, row.delayed.percent) == (25, 100, 75)
    assert row.gain == 1.0
    assert row.loss == 25
    assert RetentionRow("m", "A myth", post=Score(4, 4)).loss is None
