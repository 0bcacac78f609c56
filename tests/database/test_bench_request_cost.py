"""bench.request_cost times real requests: every timed answer is stored."""

from bench import database
from bench.request_cost import measure


def test_request_cost_times_requests_that_succeed_and_stores_every_answer(tmp_path):
    url = f"sqlite:///{tmp_path / 'cost.db'}"

    costs = measure(url, students=3, answers=30, requests=20)

    assert list(costs) == [
        "hello world (bare Flask)",
        "signed in, SELECT 1 (/healthz)",
        "question card (htmx)",
        "answer (htmx)",
        "live poll, nothing new (204)",
    ]
    assert all(cost > 0 for cost in costs.values())
    stored = database.stored_answers(
        database.bench_app(url), ["cost00000", "cost00001", "cost00002"]
    )
    assert sum(len(rows) for rows in stored.values()) == 30
