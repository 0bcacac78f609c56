r"""What one request costs the server's CPU, measured inside one process.

    .venv/bin/python -m bench.request_cost --db postgres
    .venv/bin/python -m bench.request_cost --db sqlite --answers 1000

No HTTP and no load-test client on the cores: Flask's test client calls each
app directly, and the process's CPU time is divided by the requests. It prints
the bare hello world, a signed-in request that only asks the database for
`SELECT 1` (/healthz with a session cookie: what every student request costs
before it does its own work), the question card and the answer, each also as
a multiple of the hello world. The test client's own share, about the hello
world's figure, is in every line. The database server's CPU is not.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from types import SimpleNamespace

from quizapp import create_app

from . import database
from .hello_app import app as hello_app
from .students import CSRF, HTMX
from .throughput import answer_queue


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    database.add_database_options(parser)
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--answers", type=int, default=1500, help="timed answers, at most")
    parser.add_argument("--requests", type=int, default=2000, help="timed of each other kind")
    return parser.parse_args(argv)


def cpu_ms_each(send, calls: Sequence) -> float:
    """Milliseconds of this process's CPU per call of `send`, after a tenth to warm up."""
    warm = max(len(calls) // 10, 1)
    for call in calls[:warm]:
        send(call)
    started = time.process_time()
    for call in calls[warm:]:
        send(call)
    return 1000 * (time.process_time() - started) / max(len(calls) - warm, 1)


def expect(response, status: int):
    if response.status_code != status:
        raise RuntimeError(f"{response.request.path}: HTTP {response.status_code}")
    return response


def signed_in_client(app, username: str, quiz_ids: list[str]):
    """A test client logged in as `username` with an attempt open at each quiz,
    and the CSRF token its pages carry."""
    http = app.test_client()
    token = CSRF.search(http.get("/login").text).group(1)
    login = {"csrf_token": token, "username": username, "password": database.PASSWORD}
    expect(http.post("/login", data=login), 303)
    token = CSRF.search(expect(http.get("/help"), 200).text).group(1)
    for quiz_id in quiz_ids:
        expect(http.post(f"/quizzes/{quiz_id}/start", data={"csrf_token": token}), 303)
    return http, token


def measure(url: str, students: int, answers: int, requests: int) -> dict[str, float]:
    """Recreate the database at `url`, sign `students` in, and time each kind of request;
    the first student's requests stand for the page views, the class answers in turn."""
    database.recreate(url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False})
    names = database.seed_students(app, "cost", students)
    quiz_ids = database.lesson_ids(app)
    signed_in = {name: signed_in_client(app, name, quiz_ids) for name in names}
    plan = database.answer_plan(app, names)
    queue = answer_queue(
        [SimpleNamespace(username=name) for name in names],
        [signed_in[name] for name in names],
        plan,
    )
    queued = [queue.get_nowait() for _ in range(min(answers, queue.qsize()))]
    http, _token = signed_in[names[0]]
    first_card = f"/attempts/{plan[names[0]][0]['attempt_id']}/questions/1"
    hello = hello_app.test_client()

    def answer(entry):
        _student, (client, token), item = entry
        form = {"csrf_token": token} | {k: item[k] for k in ("question_id", "choice", "certainty")}
        expect(client.post(f"/attempts/{item['attempt_id']}/answer", data=form, headers=HTMX), 200)

    return {
        "hello world (bare Flask)": cpu_ms_each(
            lambda _: expect(hello.get("/"), 200), range(requests)
        ),
        "signed in, SELECT 1 (/healthz)": cpu_ms_each(
            lambda _: expect(http.get("/healthz"), 200), range(requests)
        ),
        "question card (htmx)": cpu_ms_each(
            lambda _: expect(http.get(first_card, headers=HTMX), 200), range(requests)
        ),
        "answer (htmx)": cpu_ms_each(answer, queued),
    }


def main(argv=None) -> int:
    args = parse_args(argv)
    url = database.chosen_url(args)
    costs = measure(url, args.students, args.answers, args.requests)
    hello = next(iter(costs.values()))
    print(f"\n== CPU per request in one process, {url} ==")
    for name, cost in costs.items():
        print(f"{name:32} {cost:6.3f} ms  {cost / hello:5.1f} x hello world")
    return 0


if __name__ == "__main__":
    sys.exit(main())
