r"""Live class sessions at school scale, through nginx and gunicorn as in production.

    .venv/bin/python -m bench.live_sessions --db sqlite                # 70 sessions x 30 phones
    .venv/bin/python -m bench.live_sessions --db postgres --kill-worker 120
    .venv/bin/python -m bench.live_sessions --sessions 5 --students 10 --period 5,10 \
        --duration 90 --ramp 10                                        # a quick run

It recreates its database, empties the Redis database of --redis-url (the live
version mirror, LIVE_REDIS_URL), seeds a teacher and a class per session, and
starts gunicorn (gunicorn.conf.py, production settings, login rate limit off:
every phone comes from 127.0.0.1), the answers' own gunicorn and the waiter
(waiter.conf.py, the long poll) behind our own nginx (deploy/nginx), on --port, +3,
+2 and +1. Each teacher opens a
session on the myth check and keeps the projector open (its poll, its counts
every 2 s); the phones log in and join over --ramp seconds and poll as the page
does (a tick every --poll seconds, the next long poll as soon as the last one is
answered). Then each teacher starts and clicks reveal or next every --period
seconds until --duration, then ends. Each phone answers each question after
--think seconds.

It prints the time from a teacher's click to each phone's screen of it (the poll
that says the version changed, then the page: p50/p95/p99 and the share within
1.5 s), the answer p95, every error, the CPU of gunicorn, the waiter, nginx, the
PostgreSQL backends and this client from /proc, and compares every answer the server
acknowledged with the rows in the database, per student. --kill-worker S
SIGKILLs a busy worker of each gunicorn S seconds after the first start: every
acknowledged answer must still be stored and every session must go on.
Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import signal
import sys
import tempfile
import time
from pathlib import Path

import redis

from deploy.serve_prod import Nginx

from . import database, live_report, live_setup, report
from .live_people import Student, Teacher, Timeline
from .phone import Phone, PhoneError
from .servers import Gunicorn, answer_pool, waiter
from .slow_clients import production_env
from .stats import watch_loop_lag

APP = "quizapp:create_app({'RATELIMIT_ENABLED': False})"


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    database.add_database_options(parser)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/4", help="emptied; ''=none")
    parser.add_argument("--sessions", type=int, default=70)
    parser.add_argument("--students", type=int, default=30, help="phones per session")
    parser.add_argument("--period", type=_bounds, default="20,40", help="seconds between clicks")
    parser.add_argument("--think", type=_bounds, default="3,15", help="seconds to answer")
    parser.add_argument("--poll", type=float, default=1.0, help="seconds between a page's ticks")
    parser.add_argument("--ramp", type=float, default=60, help="seconds for every phone to join")
    parser.add_argument("--lobby-seconds", type=float, default=10, help="polls alone, measured")
    parser.add_argument("--duration", type=float, default=300, help="seconds of teaching")
    parser.add_argument("--source", default="myth-check", help="what the sessions ask")
    parser.add_argument("--kill-worker", type=float, metavar="SECONDS", help="SIGKILL a worker")
    parser.add_argument(
        "--port", type=int, default=8121, help="gunicorn; nginx +1, waiter +2, answers +3"
    )
    parser.add_argument("--log-dir", type=Path, default=Path(tempfile.gettempdir()))
    return parser.parse_args(argv)


def _bounds(text: str) -> tuple[float, float]:
    low, high = (float(x) for x in text.split(","))
    return low, high


async def open_sessions(args, classes, timeline: Timeline) -> list[Teacher]:
    """Every teacher logs in and opens a session, ten at a time."""
    gate = asyncio.Semaphore(10)
    teachers = [
        Teacher(Phone("127.0.0.1", args.port + 1), c.teacher, c.classroom_id, timeline)
        for c in classes
    ]

    async def open_one(teacher: Teacher) -> None:
        async with gate:
            await teacher.open_session(database.PASSWORD, args.source)

    await asyncio.gather(*(open_one(t) for t in teachers))
    return teachers


async def attend(args, student: Student, code: str, delay: float) -> None:
    """Join after `delay` s, then take part until the session ends."""
    await asyncio.sleep(delay)
    try:
        await student.join(database.PASSWORD, code)
        await student.take_part(args.poll, args.think)
    except PhoneError as error:
        student.timeline.recorder.error("phone", f"gave up: {str(error)[:80]}")
    finally:
        await student.phone.close()


async def teach(args, teacher: Teacher, until: float) -> None:
    await asyncio.sleep(random.uniform(0, args.period[0]))
    try:
        await teacher.lead(args.period, until)
    except PhoneError as error:
        teacher.timeline.recorder.error("teacher", f"gave up: {str(error)[:80]}")


async def kill_later(
    servers: list[Gunicorn], delay: float, timeline: Timeline, fault: dict
) -> None:
    """SIGKILL a busy worker of each of `servers` after `delay` s."""
    await asyncio.sleep(delay)
    fault["before"] = [server.worker_pids() for server in servers]
    timeline.killed_at = time.perf_counter()
    fault["killed"] = [await asyncio.to_thread(server.kill_busy_worker) for server in servers]
    await asyncio.sleep(5)
    fault["after"] = [server.worker_pids() for server in servers]


async def run_sessions(args, app, servers: list[Gunicorn], polls: Gunicorn, nginx: Nginx):
    """Open the sessions, bring the phones in, teach; returns what was seen."""
    timeline = Timeline()
    lag = asyncio.create_task(watch_loop_lag(timeline.recorder.loop_lag))
    classes = live_setup.seed_classes(app, args.sessions, args.students)
    teachers = await open_sessions(args, classes, timeline)
    codes = [live_setup.join_code(app, teacher.session_id) for teacher in teachers]
    everyone = [(code, name) for code, c in zip(codes, classes, strict=True) for name in c.students]
    random.shuffle(everyone)
    students, tasks = [], []
    for i, (code, name) in enumerate(everyone):
        student = Student(Phone("127.0.0.1", args.port + 1), name, timeline)
        students.append(student)
        delay = args.ramp * i / len(everyone)
        tasks.append(asyncio.create_task(attend(args, student, code, delay)))
    await asyncio.sleep(args.ramp + 2)
    await live_report.lobby_figures(
        timeline.recorder,
        live_report.CpuWatch(servers, polls, nginx, database.chosen_url(args)),
        args.lobby_seconds,
    )
    cpu = live_report.CpuWatch(servers, polls, nginx, database.chosen_url(args))
    started = time.perf_counter()
    until = started + args.duration
    fault: dict = {}
    teaching = [asyncio.create_task(teach(args, t, until)) for t in teachers]
    if args.kill_worker is not None:
        killing = kill_later(servers, args.kill_worker, timeline, fault)
        teaching.append(asyncio.create_task(killing))
    await asyncio.wait(teaching, timeout=args.duration + args.period[1] * 3 + 60)
    await asyncio.wait(tasks, timeout=30)
    for task in [*tasks, *teaching, lag]:
        task.cancel()
    figures = cpu.stop(time.perf_counter() - started)
    return timeline, teachers, students, figures, fault


async def run(args) -> list[str]:
    url = database.chosen_url(args)
    database.recreate(url)
    if args.redis_url:
        redis.Redis.from_url(args.redis_url).flushdb()
    app = database.bench_app(url)
    env = production_env(url) | {"LIVE_REDIS_URL": args.redis_url}
    name = "live-postgres" if url.startswith("postgres") else "live-sqlite"
    nginx = Nginx(
        f"127.0.0.1:{args.port + 1}",
        f"127.0.0.1:{args.port}",
        args.log_dir / f"{name}-nginx",
        f"127.0.0.1:{args.port + 2}",
        f"127.0.0.1:{args.port + 3}",
    )
    polls = waiter(args.port + 2, args.log_dir, f"{name}-waiter", env)
    answering = answer_pool(APP, args.port + 3, args.log_dir, name, env)
    with Gunicorn(APP, args.port, args.log_dir, name, env) as server, answering, polls, nginx:
        timeline, teachers, students, cpu, fault = await run_sessions(
            args, app, [server, answering], polls, nginx
        )
        title = (
            f"{args.sessions} sessions x {args.students} phones on {url}, "
            f"redis {args.redis_url or 'none'}, long poll, a tick every {args.poll:g} s"
        )
        missed = live_report.figures(timeline, teachers, students, cpu, fault, title)
        checked = live_setup.consistency(app, {s.username: s.acked for s in students})
        missed += report.consistency_figures(checked)
    return missed


def main() -> int:
    args = parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    started = time.perf_counter()
    missed = asyncio.run(run(args))
    print(f"\nwhole run {time.perf_counter() - started:.0f}s; server logs: {args.log_dir}/live-*")
    print("PASS" if not missed else "FAIL: " + "; ".join(missed))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
