"""Answers while passwords change: the SQLite write lock is never held while the CPU hashes.

A class answers at a steady pace (`--answerers` connections, each answering,
then waiting `--pause` s) for `--seconds` with nothing else going on, then as
long again while `--changers` (4) accounts change their password in a loop
(each change: check the old scrypt hash, make a new one, store it). It prints
the answers' p50/p95/max in both phases. The answer p95 under the password
changes should stay close to the one without (before this was fixed, four
changers pushed it to 1.3 s: the hashing ran inside BEGIN IMMEDIATE).

    .venv/bin/python -m bench.password_lock

It recreates the SQLite database /tmp/bench-lock.db and starts gunicorn on
--port (8151) with the login rate limits off (every client is 127.0.0.1).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import sys
from pathlib import Path

from bench import database, throughput
from bench.servers import MYTHCHECK_APP, Gunicorn
from bench.stats import Recorder, percentile
from bench.students import CSRF, Student

PASSWORDS = ("first bench sentence", "second bench sentence")


async def change_passwords(student: Student, http, stop: asyncio.Event, recorder: Recorder):
    """Change this account's password again and again until told to stop."""
    student.recorder = recorder
    current = student.password
    for new in itertools.cycle(PASSWORDS):
        if stop.is_set():
            return
        page = await student.send(http, "password-page", "GET", "/account/password", {200})
        student.token = CSRF.search(page.text).group(1)
        data = {"current": current, "password": new, "confirm": new}
        await student.post_form(http, "password", "/account/password", {303}, data)
        current = new


def summary(name: str, recorder: Recorder) -> str:
    values = recorder.latencies.get("answer", [])
    p50, p95 = (1000 * percentile(values, share) for share in (0.5, 0.95))
    worst = 1000 * max(values, default=0)
    return (
        f"{name:<28} {len(values):>5} answers  p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  "
        f"max {worst:6.1f} ms  errors {recorder.error_count}"
    )


async def run(args, server: Gunicorn, app) -> tuple[Recorder, Recorder, Recorder]:
    names = database.seed_students(app, "lock", args.students)
    changer_names = database.seed_students(app, "pw", args.changers)
    students = [Student(n, database.PASSWORD, "", Recorder(), server.url) for n in names]
    clients = await throughput.prepare_students(students, database.lesson_ids(app), 8)
    queue = throughput.answer_queue(students, clients, database.answer_plan(app, names))
    calm = await throughput.answer_flood(queue, args.answerers, args.seconds, args.pause)

    changers = [Student(n, database.PASSWORD, "", Recorder(), server.url) for n in changer_names]
    changer_clients = await throughput.prepare_students(changers, [], args.changers)
    stop, changes = asyncio.Event(), Recorder()
    loops = [
        asyncio.create_task(change_passwords(s, h, stop, changes))
        for s, h in zip(changers, changer_clients, strict=True)
    ]
    await asyncio.sleep(1)
    busy = await throughput.answer_flood(queue, args.answerers, args.seconds, args.pause)
    stop.set()
    await asyncio.gather(*loops)
    for http in [*clients, *changer_clients]:
        await http.aclose()
    return calm, busy, changes


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=60)
    parser.add_argument("--answerers", type=int, default=4)
    parser.add_argument("--changers", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--pause", type=float, default=0.2)
    parser.add_argument("--port", type=int, default=8151)
    parser.add_argument("--database-url", default="sqlite:////tmp/bench-lock.db")
    parser.add_argument("--log-dir", type=Path, default=Path("/tmp"))
    args = parser.parse_args(argv)
    database.recreate(args.database_url)
    app = database.bench_app(args.database_url)
    env = {"DATABASE_URL": args.database_url}
    with Gunicorn(MYTHCHECK_APP, args.port, args.log_dir, "bench-lock", env) as server:
        calm, busy, changes = asyncio.run(run(args, server, app))
    print(summary("answers alone", calm))
    print(summary(f"with {args.changers} password changers", busy))
    count = len(changes.latencies.get("password", []))
    p95 = 1000 * percentile(changes.latencies.get("password", []), 0.95)
    print(f"password changes: {count} done, p95 {p95:.0f} ms, errors {changes.error_count}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
