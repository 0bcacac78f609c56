"""The live bench's click-to-screen times: each phone, each click of its session."""

from types import SimpleNamespace

from bench.live_people import Timeline
from bench.live_report import screen_times


def test_each_click_is_timed_to_the_first_screen_of_its_version_on_each_phone():
    timeline = Timeline()
    timeline.clicks[7] = {2: 10.0, 3: 40.0, 4: 40.5}
    timeline.screens = [
        (7, "ana", 2, 10.4),
        (7, "ana", 2, 12.0),
        (7, "ana", 4, 41.0),
        (7, "ben", 2, 11.0),
        (7, "ben", 3, 40.9),
        (8, "ben", 4, 41.0),
    ]
    students = [SimpleNamespace(session_id=7, username=name) for name in ("ana", "ben")]

    times, skipped, missed = screen_times(timeline, students)

    assert sorted(round(t, 2) for t in times) == [0.4, 0.5, 0.9, 1.0]
    assert skipped == 1, "ana saw version 4 before version 3"
    assert missed == 1, "ben never saw version 4 of his own session"
