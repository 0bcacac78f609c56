"""What the live-session bench prints: click-to-screen times, answers, errors, CPU."""

from __future__ import annotations

import asyncio
import os
import time
from collections import defaultdict
from pathlib import Path

import sqlalchemy as sa

from .report import ANSWER_P95_MS
from .servers import children_of, process_cpu_seconds
from .stats import percentile

SCREEN_SECONDS = 1.5
SCREEN_SHARE = 0.95


def postgres_backends_cpu(database_name: str) -> float:
    """CPU of the PostgreSQL backends serving `database_name` now (from their titles)."""
    total = 0.0
    marker = f" {database_name} ".encode()
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            title = cmdline.read_bytes()
        except OSError:
            continue
        if title.startswith(b"postgres: ") and marker in title:
            total += process_cpu_seconds(int(cmdline.parent.name))
    return total


CPU_USERS = ("gunicorn", "answers", "waiter", "nginx", "postgres", "client")


class CpuWatch:
    """The CPU the server side (the app's gunicorn, the answers' gunicorn, the waiter,
    nginx, PostgreSQL) and this client use."""

    def __init__(self, servers, waiter, nginx, url: str):
        (self.server, self.answers), self.waiter, self.nginx = servers, waiter, nginx
        name = sa.make_url(url).database if url.startswith("postgres") else None
        self.database = name
        self.start = self.read()

    def read(self) -> dict[str, float]:
        nginx = self.nginx.process.pid
        return {
            "gunicorn": self.server.total_cpu_seconds(),
            "answers": self.answers.total_cpu_seconds(),
            "waiter": self.waiter.total_cpu_seconds(),
            "nginx": process_cpu_seconds(nginx, reaped=True)
            + sum(process_cpu_seconds(pid) for pid in children_of(nginx)),
            "postgres": postgres_backends_cpu(self.database) if self.database else 0.0,
            "client": time.process_time(),
        }

    def stop(self, elapsed: float) -> dict[str, float]:
        end = self.read()
        return {key: end[key] - self.start[key] for key in end} | {"elapsed": elapsed}


def screen_times(timeline, students) -> tuple[list[float], int, int]:
    """Seconds from each click to each phone of its session showing that version;
    and how many were skipped (the phone showed a later version first) or missed."""
    first_seen: dict[tuple[int, str], dict[int, float]] = defaultdict(dict)
    for session_id, username, version, seen in timeline.screens:
        first_seen[(session_id, username)].setdefault(version, seen)
    times, skipped, missed = [], 0, 0
    for student in students:
        seen = first_seen.get((student.session_id, student.username), {})
        for version, clicked in timeline.clicks.get(student.session_id, {}).items():
            if version in seen:
                times.append(seen[version] - clicked)
            elif any(v > version for v in seen):
                skipped += 1
            else:
                missed += 1
    return times, skipped, missed


def _ms(values: list[float]) -> str:
    return " ".join(f"p{q} {1000 * percentile(values, q / 100):.0f}" for q in (50, 95, 99)) + " ms"


def figures(timeline, teachers, students, cpu: dict, fault: dict, title: str) -> list[str]:
    """Print every figure; returns the targets missed."""
    run = timeline.recorder
    run.stop()
    print(f"\n== {title} ==")
    print(run.table())
    times, skipped, missed = screen_times(timeline, students)
    within = sum(t <= SCREEN_SECONDS for t in times) / max(len(times) + missed, 1)
    print(
        f"click to screen: {len(times)} screens, {_ms(times)}; within {SCREEN_SECONDS:g} s: "
        f"{100 * within:.1f}%; skipped (a later version came first) {skipped}; missed {missed}"
    )
    answers = run.latencies.get("answer", [])
    late = sum(s.too_late for s in students)
    print(
        f"answers sent {len(answers)}: {_ms(answers)}; acknowledged (303) "
        f"{sum(len(s.acked) for s in students)}, refused as too late (409) {late}"
    )
    print(f"teacher clicks {sum(t.clicks for t in teachers)} in {len(teachers)} sessions")
    cpu_line(cpu, run.requests)
    missed_targets = []
    if within < SCREEN_SHARE:
        missed_targets.append(f"{100 * within:.1f}% of screens within {SCREEN_SECONDS:g} s")
    if 1000 * percentile(answers, 0.95) >= ANSWER_P95_MS:
        missed_targets.append(f"answer p95 {1000 * percentile(answers, 0.95):.0f} ms")
    if fault:
        missed_targets += fault_figures(timeline, teachers, students, fault)
    elif run.error_count:
        missed_targets.append(f"{run.error_count} errors")
    return missed_targets


def cpu_line(cpu: dict, requests: int) -> None:
    cores = os.cpu_count() or 1
    capacity = cores * cpu["elapsed"]
    parts = ", ".join(
        f"{key} {cpu[key]:.0f}s ({100 * cpu[key] / capacity:.0f}%)" for key in CPU_USERS
    )
    print(f"CPU over {cpu['elapsed']:.0f}s of teaching, of {cores} cores: {parts}")


async def lobby_figures(run, cpu: CpuWatch, seconds: float) -> None:
    """Every phone in its lobby, its poll waiting: what the waiting costs each process
    (the polls answered are those the waiter let go after LIVE_WAIT_SECONDS)."""
    polls = len(run.latencies.get("poll", []))
    requests = run.requests
    await asyncio.sleep(seconds)
    used = cpu.stop(seconds)
    polls, requests = len(run.latencies.get("poll", [])) - polls, run.requests - requests
    cores = os.cpu_count() or 1
    share = ", ".join(f"{key} {100 * used[key] / (cores * seconds):.1f}%" for key in CPU_USERS)
    print(
        f"lobby, {seconds:g}s: {polls / seconds:.0f} polls answered/s of "
        f"{requests / seconds:.0f} requests/s; CPU of {cores} cores: {share}"
    )


def fault_figures(timeline, teachers, students, fault: dict) -> list[str]:
    """After the kills: the workers replaced, every session moved on and was seen."""
    killed_at = timeline.killed_at
    went_on = sum(
        any(t > killed_at for t in timeline.clicks.get(teacher.session_id, {}).values())
        for teacher in teachers
    )
    seen_after = sum(seen > killed_at for *_, seen in timeline.screens)
    print(
        f"fault: SIGKILL workers {fault.get('killed')}; workers before {fault.get('before')}, "
        f"after {fault.get('after')}; sessions that moved on after it {went_on}/{len(teachers)}; "
        f"screens shown after it {seen_after}; errors (retried) {timeline.recorder.error_count}"
    )
    missed = []
    before, after = fault.get("before", []), fault.get("after", [])
    if len(after) < len(before) or any(
        len(now) < len(then) for then, now in zip(before, after, strict=False)
    ):
        missed.append("a killed worker was not replaced")
    if went_on < len(teachers):
        missed.append(f"{len(teachers) - went_on} sessions did not go on after the kill")
    gave_up = sum(n for reason, n in timeline.recorder.errors.items() if "gave up" in reason)
    if gave_up:
        missed.append(f"{gave_up} phones or teachers gave up")
    return missed
