"""Load test: N virtual students take a lesson quiz at once against gunicorn.

    .venv/bin/python -m bench.load_test --db sqlite --students 500
    .venv/bin/python -m bench.load_test --db postgres --students 500
    .venv/bin/python -m bench.load_test --db sqlite --students 200 --kill-worker 40

It recreates its own database (/tmp/load.db or the PostgreSQL database
bench_load), seeds the students, starts the app and a bare hello-world app
under gunicorn.conf.py, runs the class (log in, read a lesson, answer its quiz
with think time, see the result), then floods the answer endpoint and the hello
world with no think time to compare their throughput. It prints requests/s and
latency percentiles, the errors, and checks every acknowledged answer against
the database, per student, exactly. Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from pathlib import Path

from . import database, throughput
from .servers import HELLO_APP, MYTHCHECK_APP, Gunicorn
from .stats import Recorder
from .students import Student, StudentGaveUp, Think

DATABASES = {
    "sqlite": "sqlite:////tmp/load.db",
    "postgres": "postgresql+psycopg://postgres@127.0.0.1:5432/bench_load",
}
ANSWER_P95_MS = 150
THROUGHPUT_SHARE = 0.40


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=DATABASES, default="sqlite")
    parser.add_argument("--database-url", help="overrides --db; the database is recreated")
    parser.add_argument("--students", type=int, default=500)
    parser.add_argument("--ramp", type=float, default=60, help="seconds to let everyone in")
    parser.add_argument("--think", type=_bounds, default="4,10", help="seconds per question")
    parser.add_argument("--read-feedback", type=_bounds, default="2,5")
    parser.add_argument("--read-lesson", type=_bounds, default="5,15")
    parser.add_argument("--kill-worker", type=float, metavar="SECONDS", help="SIGKILL a worker")
    parser.add_argument("--flood-connections", type=int, default=32)
    parser.add_argument("--flood-seconds", type=float, default=15)
    parser.add_argument("--flood-students", type=int, default=64)
    parser.add_argument("--no-flood", action="store_true", help="skip the throughput comparison")
    parser.add_argument("--port", type=int, default=8101)
    parser.add_argument("--log-dir", type=Path, default=Path(tempfile.gettempdir()))
    return parser.parse_args(argv)


def _bounds(text: str) -> Think:
    low, high = (float(x) for x in text.split(","))
    return Think(low, high)


async def run_class(args, server: Gunicorn, app) -> tuple[Recorder, list[Student], dict]:
    """Every student takes a lesson quiz; optionally a worker is killed on the way."""
    names = database.seed_students(app, "student", args.students, myth_check_done=True)
    lessons = database.lesson_ids(app)
    recorder = Recorder()
    students = [
        Student(name, database.PASSWORD, lessons[i % len(lessons)], recorder, server.url)
        for i, name in enumerate(names)
    ]

    async def visit(i: int, student: Student):
        await asyncio.sleep(args.ramp * i / max(len(students), 1))
        await student.take_lesson(args.think, args.read_feedback, args.read_lesson)

    fault = {}
    tasks = [visit(i, s) for i, s in enumerate(students)]
    if args.kill_worker is not None:
        tasks.append(_kill_worker_later(server, args.kill_worker, fault))
    outcomes = await asyncio.gather(*tasks, return_exceptions=True)
    recorder.stop()
    for outcome in outcomes:
        if isinstance(outcome, StudentGaveUp):
            recorder.error("student", f"gave up: {outcome}")
        elif isinstance(outcome, BaseException):
            recorder.error("student", repr(outcome))
    return recorder, students, fault


async def _kill_worker_later(server: Gunicorn, delay: float, fault: dict) -> None:
    await asyncio.sleep(delay)
    fault["workers_before"] = server.worker_pids()
    fault["killed"] = server.kill_one_worker()
    await asyncio.sleep(5)
    fault["workers_after"] = server.worker_pids()


async def run_floods(args, server: Gunicorn, hello: Gunicorn, app):
    names = database.seed_students(app, "flood", args.flood_students, myth_check_done=False)
    students = [Student(n, database.PASSWORD, "", Recorder(), server.url) for n in names]
    quizzes = database.lesson_ids(app)
    clients = await throughput.prepare_students(students, quizzes, args.flood_connections)
    plan = database.answer_plan(app, names)
    for student in students:
        random.shuffle(plan[student.username])
    answers = await throughput.answer_flood(
        students, clients, plan, args.flood_connections, args.flood_seconds
    )
    for http in clients:
        await http.aclose()
    hello_run = await throughput.hello_flood(hello.url, args.flood_connections, args.flood_seconds)
    return answers, hello_run, students


def report(args, url, server, class_run, students, fault, floods, checked) -> list[str]:
    """Print every figure; return the targets missed."""
    print(f"\n== {args.students} students on {url} ({class_run.elapsed:.0f}s) ==")
    print(class_run.table())
    finished = sum(s.finished for s in students)
    print(
        f"students finished: {finished}/{len(students)}, resumed: {sum(s.resumes > 1 for s in students)}"
    )
    missed = []
    answer_p95 = 1000 * _p95(class_run, "answer")
    if args.kill_worker is None and class_run.error_count:
        missed.append(f"{class_run.error_count} errors")
    if finished != len(students):
        missed.append(f"{len(students) - finished} students did not finish")
    if args.kill_worker is None and answer_p95 >= ANSWER_P95_MS:
        missed.append(f"answer p95 {answer_p95:.0f} ms >= {ANSWER_P95_MS} ms")
    if fault:
        print(
            f"fault: killed worker {fault['killed']}; workers before {fault['workers_before']}, "
            f"5 s later {fault['workers_after']}"
        )
        if len(fault["workers_after"]) < len(fault["workers_before"]):
            missed.append("the killed worker was not replaced")
    if floods:
        answers, hello = floods
        ratio = answers.rate("answer") / max(hello.rate("hello"), 1e-9)
        print(f"\n== flood: {args.flood_connections} connections, no think time ==")
        print(answers.table())
        print(hello.table())
        print(
            f"answer endpoint {answers.rate('answer'):.0f}/s vs hello world "
            f"{hello.rate('hello'):.0f}/s: ratio {ratio:.2f}"
        )
        if ratio < THROUGHPUT_SHARE:
            missed.append(f"throughput ratio {ratio:.2f} < {THROUGHPUT_SHARE}")
        if answers.error_count:
            missed.append(f"{answers.error_count} errors in the flood")
    print(f"\n== consistency ==\n{checked}")
    if checked["lost"] or checked["unacknowledged_extra"] or checked["duplicated"]:
        missed.append("acknowledged answers and stored rows differ")
    locked = server.log_count("database is locked")
    server_errors = server.status_count("5")
    print(f'server: "database is locked" x {locked}, HTTP 5xx x {server_errors}')
    if locked:
        missed.append('"database is locked" in the server log')
    return missed


def _p95(recorder: Recorder, endpoint: str) -> float:
    from .stats import percentile

    return percentile(recorder.latencies.get(endpoint, []), 0.95)


async def main(args) -> int:
    url = args.database_url or DATABASES[args.db]
    database.recreate(url)
    app = database.bench_app(url)
    env = {"DATABASE_URL": url}
    log_dir = args.log_dir
    with (
        Gunicorn(MYTHCHECK_APP, args.port, log_dir, f"bench-{args.db}", env) as server,
        Gunicorn(HELLO_APP, args.port + 1, log_dir, "bench-hello") as hello,
    ):
        started = time.perf_counter()
        class_run, students, fault = await run_class(args, server, app)
        floods, flood_students = None, []
        if not args.no_flood:
            answers, hello_run, flood_students = await run_floods(args, server, hello, app)
            floods = (answers, hello_run)
        acked = {s.username: s.acked for s in students + flood_students}
        checked = database.consistency(app, acked)
        missed = report(args, url, server, class_run, students, fault, floods, checked)
    print(f"\nwhole run: {time.perf_counter() - started:.0f}s; logs in {log_dir}/bench-*.log")
    print("PASS" if not missed else "FAIL: " + "; ".join(missed))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(parse_args())))
