"""Step mode of the load test: how many students in class at once one machine serves.

Every step adds `--step-students` students to those already in class. Each keeps
learning with the class's think times: logs in once, then reads a lesson, answers
its quiz and sees the result, lesson after lesson. A student who arrives reads
only a random part of the first lesson, as if they had come in a while ago, so a
step measures the class in its steady mix of reading and answering, not a burst
of first lessons. After the arrivals (`--step-ramp`), the step is measured for
`--step-seconds`; the steps go on until the answer p95 reaches the target or an
error appears (in two windows in a row at the same number), and the last step
that held is the number of students served.
"""

from __future__ import annotations

import asyncio
import os
import time
from dataclasses import dataclass

from . import database
from .report import ANSWER_P95_MS
from .servers import Gunicorn
from .stats import Recorder, percentile, watch_loop_lag
from .students import Student, StudentGaveUp, Think


class ClassOver(Exception):
    """The bench stopped the class: a student leaves at their next pause."""


@dataclass
class StoppableThink(Think):
    """A pause that ends the student's visit once the class is over, so that no
    student is stopped with a request in flight (its answer neither acknowledged
    nor surely lost)."""

    over: asyncio.Event | None = None

    async def pause(self) -> None:
        await super().pause()
        if self.over is not None and self.over.is_set():
            raise ClassOver


@dataclass
class Step:
    students: int
    run: Recorder

    @property
    def answer_p95_ms(self) -> float:
        return 1000 * percentile(self.run.latencies.get("answer", []), 0.95)

    @property
    def held(self) -> bool:
        return not self.run.error_count and self.answer_p95_ms < ANSWER_P95_MS


def pauses(args, over: asyncio.Event) -> dict[str, StoppableThink]:
    """The class's think times, each ending the visit when the class is over."""
    return {
        name: StoppableThink(bounds.low, bounds.high, over)
        for name, bounds in (
            ("think", args.think),
            ("feedback", args.read_feedback),
            ("lesson", args.read_lesson),
            ("first lesson", Think(0, args.read_lesson.high)),
        )
    }


async def keep_learning(student: Student, lessons: list[str], offset: int, think: dict) -> None:
    """Log in once, then one lesson and its quiz after another until the class is over."""
    async with student.client() as http:
        try:
            await student.log_in(http)
            for visit in range(offset, offset + 10_000):
                student.lesson_id = lessons[visit % len(lessons)]
                await student.open_lesson(http)
                await think["first lesson" if visit == offset else "lesson"].pause()
                attempt_id = await student.start_quiz(http, student.lesson_id)
                await student.answer_quiz(http, attempt_id, think["think"], think["feedback"])
                await student.finish_quiz(http, attempt_id)
        except ClassOver:
            return
        except (StudentGaveUp, AttributeError) as error:
            student.recorder.error("student", repr(error)[:120])


async def run_steps(args, server: Gunicorn, app) -> tuple[list[Step], list[Student]]:
    """Add students step by step until a step misses the target (or --step-max)."""
    lessons = database.lesson_ids(app)
    over = asyncio.Event()
    think = pauses(args, over)
    students: list[Student] = []
    tasks: list[asyncio.Task] = []
    steps: list[Step] = []
    gap = Recorder()
    while len(students) + args.step_students <= args.step_max:
        number = len(steps) + 1
        names = database.seed_students(app, f"step{number:02d}-", args.step_students)
        for i, name in enumerate(names):
            student = Student(name, database.PASSWORD, "", gap, server.url)
            students.append(student)
            tasks.append(asyncio.create_task(_arrive(student, i, args, lessons, think)))
        await asyncio.sleep(args.step_ramp)
        step = await _measure_step(server, students, args.step_seconds, gap)
        if not step.held:
            step = await _measure_step(server, students, args.step_seconds, gap)
        steps.append(step)
        if not step.held:
            break
    over.set()
    await asyncio.wait(tasks, timeout=60)
    return steps, students


async def _measure_step(server, students: list[Student], seconds: float, gap: Recorder) -> Step:
    """One window at the current number of students. A step that misses is measured
    once more before it counts, so that a burst of other work on the machine does
    not end the run."""
    step = Step(len(students), await _measure(server, students, seconds, gap))
    print_step(step)
    return step


async def _arrive(student: Student, i: int, args, lessons: list[str], think: dict) -> None:
    await asyncio.sleep(args.step_ramp * i / args.step_students)
    await keep_learning(student, lessons, i, think)


async def _measure(server: Gunicorn, students: list[Student], seconds: float, gap: Recorder):
    """Every student's requests for `seconds`, with the server's and this client's CPU.
    Between windows the students record into `gap`: its errors count in the next
    window, its latencies (arrivals, fewer students) nowhere."""
    run = Recorder()
    run.errors.update(gap.errors)
    gap.errors.clear()
    for student in students:
        student.recorder = run
    lag = asyncio.create_task(watch_loop_lag(run.loop_lag))
    cpu = (server.worker_cpu_seconds(), time.process_time())
    await asyncio.sleep(seconds)
    run.server_cpu = server.worker_cpu_seconds() - cpu[0]
    run.client_cpu = time.process_time() - cpu[1]
    run.stop()
    lag.cancel()
    for student in students:
        student.recorder = gap
    return run


def print_step(step: Step) -> None:
    run = step.run
    answers = run.latencies.get("answer", [])
    cores = os.cpu_count() or 1
    capacity = run.elapsed * cores
    rate = len(answers) / run.elapsed
    print(
        f"{step.students:>6} students: {len(answers):>6} answers ({rate:.1f}/s), "
        f"answer p50 {1000 * percentile(answers, 0.5):.0f} ms p95 {step.answer_p95_ms:.0f} ms "
        f"p99 {1000 * percentile(answers, 0.99):.0f} ms, errors {run.error_count}, "
        f"CPU server {100 * run.server_cpu / capacity:.0f}% "
        f"client {100 * run.client_cpu / capacity:.0f}% of {cores} cores, "
        f"client loop lag p95 {1000 * percentile(run.loop_lag, 0.95):.0f} ms"
        + ("" if step.held else "  <- missed")
    )
    for reason, count in run.errors.most_common(5):
        print(f"    {count} x {reason}")


def step_figures(steps: list[Step], title: str) -> list[str]:
    """The last step that held: the students one machine serves."""
    held = [step for step in steps if step.held]
    served = held[-1].students if held else 0
    print(f"\n== step mode, {title} ==")
    print(
        f"students served at once (answer p95 < {ANSWER_P95_MS} ms, no errors): {served}"
        + ("" if steps and not steps[-1].held else " (stopped at --step-max, not at a miss)")
    )
    return [] if held else ["not even the first step held"]
