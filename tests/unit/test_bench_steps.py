"""The load test's step mode: the students served are those of the last step that held."""

from bench.stats import Recorder
from bench.steps import Step, step_figures


def _step(students: int, answer_ms: list[float], errors: int = 0) -> Step:
    run = Recorder()
    for ms in answer_ms:
        run.ok("answer", ms / 1000)
    for _ in range(errors):
        run.error("answer", "HTTP 500")
    return Step(students, run)


def test_a_step_holds_under_the_answer_target_without_errors():
    assert _step(50, [20.0] * 99 + [400.0]).held
    assert not _step(50, [20.0] * 90 + [400.0] * 10).held
    assert not _step(50, [20.0] * 100, errors=1).held


def test_the_last_step_that_held_is_the_number_served(capsys):
    steps = [_step(50, [20.0] * 100), _step(100, [60.0] * 100), _step(150, [200.0] * 100)]

    missed = step_figures(steps, "test")

    assert missed == []
    out = capsys.readouterr().out
    assert "students served at once (answer p95 < 150 ms, no errors): 100\n" in out


def test_a_first_step_that_misses_serves_nobody(capsys):
    missed = step_figures([_step(50, [20.0] * 100, errors=3)], "test")

    assert missed == ["not even the first step held"]
    assert "no errors): 0\n" in capsys.readouterr().out
