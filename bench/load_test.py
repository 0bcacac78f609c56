r"""Load test: N virtual students take a lesson quiz at once against gunicorn.

    .venv/bin/python -m bench.load_test --db sqlite --students 500
    .venv/bin/python -m bench.load_test --db postgres --students 500
    .venv/bin/python -m bench.load_test --db sqlite --students 300 --ramp 20 --read-lesson 5,15 \
        --kill-worker 40 --no-flood
    .venv/bin/python -m bench.load_test --db postgres --step-students 100

It recreates its own database (/tmp/load.db, or the PostgreSQL database
bench_load), seeds the students, and starts the app and a bare hello-world app
under gunicorn.conf.py. The class: each student logs in, reads a lesson,
answers its whole quiz with think time and sees the result. Then the flood:
the answer endpoint and the hello world, with no think time, from the same
number of connections. It prints requests/s and latency percentiles, the
errors, and checks every acknowledged answer against the database, per
student, exactly. Exit status 1 when a target is missed.

--kill-worker S sends SIGKILL to a busy worker S seconds into the class, and
again every 5 s (--kills, 5 by default): the run must go on, every
acknowledged answer must be stored, and the students whose request died must
resume their quiz.

--step-students N runs the step mode instead (bench/steps.py): N more students
in class at each step, same think times, until the answer p95 reaches 150 ms
or an error appears; it prints the last step that held.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import signal
import sys
import tempfile
import time
from pathlib import Path

from . import database, report, steps, throughput
from .servers import HELLO_APP, MYTHCHECK_APP, Gunicorn
from .stats import Recorder, watch_loop_lag
from .students import Student, Think


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    database.add_database_options(parser)
    parser.add_argument("--students", type=int, default=500)
    parser.add_argument("--ramp", type=float, default=60, help="seconds to let everyone in")
    parser.add_argument("--think", type=_bounds, default="4,10", help="seconds per question")
    parser.add_argument("--read-feedback", type=_bounds, default="2,5")
    # DESIGN.md: a lesson is 2-3 minutes of reading on a phone; some skim it.
    parser.add_argument("--read-lesson", type=_bounds, default="60,120")
    parser.add_argument("--deadline", type=float, default=600, help="seconds for the class")
    parser.add_argument("--kill-worker", type=float, metavar="SECONDS", help="SIGKILL a worker")
    parser.add_argument("--kills", type=int, default=5, help="workers killed, 5 s apart")
    parser.add_argument("--flood-connections", type=int, default=32)
    parser.add_argument("--flood-seconds", type=float, default=15, help="for each, in all")
    parser.add_argument("--flood-rounds", type=int, default=3, help="turns each flood takes")
    # Enough queued answers (56 each) for --flood-seconds at the fastest rate seen,
    # and more students than connections: nobody has two answers in flight.
    parser.add_argument("--flood-students", type=int, default=100)
    parser.add_argument("--no-flood", action="store_true", help="skip the throughput comparison")
    parser.add_argument("--step-students", type=int, metavar="N", help="step mode: N more a step")
    parser.add_argument("--step-seconds", type=float, default=120, help="each step, measured")
    parser.add_argument("--step-ramp", type=float, default=20, help="arrivals of each step")
    parser.add_argument("--step-max", type=int, default=3000, help="students at most")
    parser.add_argument("--port", type=int, default=8101, help="the app; hello world on +1")
    parser.add_argument("--log-dir", type=Path, default=Path(tempfile.gettempdir()))
    args = parser.parse_args(argv)
    if args.flood_students <= args.flood_connections:
        parser.error("--flood-students must exceed --flood-connections (one answer each at a time)")
    return args


def _bounds(text: str) -> Think:
    low, high = (float(x) for x in text.split(","))
    return Think(low, high)


async def run_class(args, server: Gunicorn, app) -> tuple[Recorder, list[Student], dict]:
    """Every student takes a lesson quiz; optionally a worker is killed on the way."""
    names = database.seed_students(app, "student", args.students)
    lessons = database.lesson_ids(app)
    recorder = Recorder()
    students = [
        Student(name, database.PASSWORD, lessons[i % len(lessons)], recorder, server.url)
        for i, name in enumerate(names)
    ]

    async def visit(i: int, student: Student):
        await asyncio.sleep(args.ramp * i / max(len(students), 1))
        await student.take_lesson(args.think, args.read_feedback, args.read_lesson)

    fault: dict = {}
    lag = asyncio.create_task(watch_loop_lag(recorder.loop_lag))
    tasks = [asyncio.create_task(visit(i, s)) for i, s in enumerate(students)]
    if args.kill_worker is not None:
        killer = _kill_workers_later(server, args.kill_worker, args.kills, fault)
        tasks.append(asyncio.create_task(killer))
    cpu = (server.worker_cpu_seconds(), time.process_time())
    done, late = await asyncio.wait(tasks, timeout=args.deadline)
    recorder.server_cpu = server.worker_cpu_seconds() - cpu[0]
    recorder.client_cpu = time.process_time() - cpu[1]
    for task in [*late, lag]:
        task.cancel()
    recorder.stop()
    for task in done:
        if task.exception() is not None:
            recorder.error("student", repr(task.exception())[:120])
    if late:
        recorder.error("student", f"not done after the {args.deadline:.0f}s deadline")
    return recorder, students, fault


async def _kill_workers_later(server: Gunicorn, delay: float, kills: int, fault: dict) -> None:
    """After `delay` s, SIGKILL a busy worker, `kills` times 5 s apart."""
    await asyncio.sleep(delay)
    fault.update(at=delay, before=server.worker_pids(), killed=[])
    for _ in range(kills):
        fault["killed"].append(await asyncio.to_thread(server.kill_busy_worker))
        await asyncio.sleep(5)
    fault["after"] = server.worker_pids()


async def run_floods(args, server: Gunicorn, hello: Gunicorn, app):
    """Answers as fast as the server takes them and the hello world the same way, in turns."""
    names = database.seed_students(app, "flood", args.flood_students)
    students = [Student(n, database.PASSWORD, "", Recorder(), server.url) for n in names]
    quizzes = database.lesson_ids(app)
    clients = await throughput.prepare_students(students, quizzes, args.flood_connections)
    plan = database.answer_plan(app, names)
    for answers in plan.values():
        random.shuffle(answers)
    queue = throughput.answer_queue(students, clients, plan)
    connections, seconds = args.flood_connections, args.flood_seconds / args.flood_rounds
    answer_rounds, hello_rounds = [], []
    for _ in range(args.flood_rounds):
        flood = throughput.answer_flood(queue, connections, seconds)
        answer_rounds.append(await _measured(server, flood))
        flood = throughput.hello_flood(hello.url, connections, seconds)
        hello_rounds.append(await _measured(hello, flood))
    for http in clients:
        await http.aclose()
    return answer_rounds, hello_rounds, students


async def _measured(server: Gunicorn, flood) -> Recorder:
    """Run one flood; its recorder notes the CPU it cost the server and this client."""
    cpu = (server.worker_cpu_seconds(), time.process_time())
    recorder = await flood
    recorder.server_cpu = server.worker_cpu_seconds() - cpu[0]
    recorder.client_cpu = time.process_time() - cpu[1]
    return recorder


async def run(args) -> list[str]:
    """The whole run against freshly started servers; returns the targets missed."""
    url = database.chosen_url(args)
    database.recreate(url)
    app = database.bench_app(url)
    name = f"bench-{args.db}"
    with (
        Gunicorn(MYTHCHECK_APP, args.port, args.log_dir, name, {"DATABASE_URL": url}) as server,
        Gunicorn(HELLO_APP, args.port + 1, args.log_dir, "bench-hello") as hello,
    ):
        if args.step_students:
            ran, everyone = await steps.run_steps(args, server, app)
            missed = steps.step_figures(ran, f"{args.step_students} more a step, {url}")
        else:
            class_run, students, fault = await run_class(args, server, app)
            title = f"{args.students} students on {url}"
            missed = report.class_figures(class_run, students, fault, title)
            everyone = list(students)
        if not args.no_flood and not args.step_students:
            answers, hello_run, flooders = await run_floods(args, server, hello, app)
            missed += report.flood_figures(answers, hello_run, args.flood_connections)
            everyone += flooders
        checked = database.consistency(app, {s.username: s.acked for s in everyone})
        missed += report.consistency_figures(checked)
        missed += report.server_figures(server)
    return missed


def main() -> int:
    args = parse_args()
    # A plain `kill` of the load test still stops the servers it started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.perf_counter()
    missed = asyncio.run(run(args))
    print(
        f"\nwhole run {time.perf_counter() - started:.0f}s; server logs: {args.log_dir}/bench-*.log"
    )
    print("PASS" if not missed else "FAIL: " + "; ".join(missed))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
