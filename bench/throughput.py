"""Peak throughput with no think time: the answer endpoint against a bare hello world.

Both use the same client, the same number of concurrent connections and the
same gunicorn settings. Answering students log in and open their attempts
first; the timed windows hold only answer submissions (the htmx request a
phone sends when "Check answer" is pressed, feedback card included). The two
floods take turns in short rounds, so that whatever else the machine does
at the time (a checkpoint, autovacuum, another program) weighs on both alike.
"""

from __future__ import annotations

import asyncio
import itertools
import time

import httpx

from .stats import Recorder
from .students import CSRF, HTMX, Student, plain_http_client


async def _prepare(student: Student, quiz_ids: list[str]) -> httpx.AsyncClient:
    http = student.client()
    await student.log_in(http)
    page = await student.send(http, "help", "GET", "/help", {200})
    student.token = CSRF.search(page.text).group(1)
    for quiz_id in quiz_ids:
        await student.start_quiz(http, quiz_id)
    return http


async def prepare_students(students: list[Student], quiz_ids: list[str], concurrency: int):
    """Log every student in and start an attempt at each quiz; returns their clients."""
    gate = asyncio.Semaphore(concurrency)

    async def one(student):
        async with gate:
            return await _prepare(student, quiz_ids)

    return await asyncio.gather(*(one(s) for s in students))


def answer_queue(students, clients, plan) -> asyncio.Queue:
    """Every planned answer, with the student and client that sends it, one student
    after another: each student's next answer comes a whole round of the class later.

    A phone sends one answer at a time. With more students than connections, no
    student has two answers in flight, so the flood measures a class answering,
    not one learner racing with themself for the same beliefs (which only adds
    lock waits and retries)."""
    queue: asyncio.Queue = asyncio.Queue()
    per_student = [
        [(student, http, item) for item in plan[student.username]]
        for student, http in zip(students, clients, strict=True)
    ]
    for turn in itertools.zip_longest(*per_student):
        for entry in filter(None, turn):
            queue.put_nowait(entry)
    return queue


async def answer_flood(
    queue: asyncio.Queue, concurrency: int, seconds: float, pause: float = 0.0
) -> Recorder:
    """Submit queued answers from `concurrency` connections for `seconds` at most, each
    connection waiting `pause` seconds after each answer (0: as fast as they are taken)."""
    recorder = Recorder()
    deadline = time.perf_counter() + seconds

    async def connection():
        while time.perf_counter() < deadline and not queue.empty():
            student, http, item = queue.get_nowait()
            student.recorder = recorder
            url = f"/attempts/{item['attempt_id']}/answer"
            form = {k: item[k] for k in ("question_id", "choice", "certainty")}
            await student.post_form(http, "answer", url, {200}, form, headers=HTMX)
            student.acked.add((item["attempt_id"], item["question_id"]))
            if pause:
                await asyncio.sleep(pause)

    await asyncio.gather(*(connection() for _ in range(concurrency)))
    recorder.stop()
    return recorder


async def hello_flood(url: str, concurrency: int, seconds: float) -> Recorder:
    """GET / on the hello-world app from `concurrency` connections for `seconds`."""
    recorder = Recorder()
    deadline = time.perf_counter() + seconds

    async def connection():
        async with plain_http_client(url) as http:
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                try:
                    response = await http.get("/")
                except httpx.TransportError as error:
                    recorder.error("hello", type(error).__name__)
                    continue
                if response.status_code == 200:
                    recorder.ok("hello", time.perf_counter() - started)
                else:
                    recorder.error("hello", f"HTTP {response.status_code}")

    await asyncio.gather(*(connection() for _ in range(concurrency)))
    recorder.stop()
    return recorder
