"""The load test's answer flood sends each student's answers one round of the class apart."""

from types import SimpleNamespace

from bench.throughput import answer_queue


def _drain(queue) -> list[tuple[str, int]]:
    entries = []
    while not queue.empty():
        student, _http, item = queue.get_nowait()
        entries.append((student.username, item["n"]))
    return entries


def test_answers_take_turns_across_students():
    students = [SimpleNamespace(username=name) for name in ("ana", "ben", "cy")]
    plan = {"ana": [{"n": 1}, {"n": 2}, {"n": 3}], "ben": [{"n": 1}], "cy": [{"n": 1}, {"n": 2}]}

    order = _drain(answer_queue(students, ["a", "b", "c"], plan))

    assert order == [("ana", 1), ("ben", 1), ("cy", 1), ("ana", 2), ("cy", 2), ("ana", 3)]


def test_a_student_answers_again_only_after_everyone_else_has_had_a_turn():
    students = [SimpleNamespace(username=f"s{i}") for i in range(40)]
    plan = {s.username: [{"n": k} for k in range(5)] for s in students}

    order = [name for name, _ in _drain(answer_queue(students, [None] * 40, plan))]

    assert len(order) == 200
    for start in range(0, 200, 40):
        assert len(set(order[start : start + 40])) == 40
