"""What the load test prints, and which targets a run missed."""

from __future__ import annotations

import os

from .stats import Recorder, percentile

ANSWER_P95_MS = 150


def class_figures(run: Recorder, students, fault: dict, title: str) -> list[str]:
    """The class phase: every endpoint, who finished, and the fault when one was injected."""
    print(f"\n== {title} ({run.elapsed:.0f}s) ==")
    print(run.table())
    finished = sum(s.finished for s in students)
    recovered = sum(s.recovered > 0 for s in students)
    resumed = sum(s.resumes > 0 for s in students)
    print(
        f"students finished: {finished}/{len(students)}; went on after a failed request: "
        f"{recovered}, of whom resumed the attempt after a lost answer: {resumed}"
    )
    cores = os.cpu_count() or 1
    print(
        f"CPU used: server workers {run.server_cpu:.0f}s, this client {run.client_cpu:.0f}s, "
        f"of {cores * run.elapsed:.0f}s on {cores} cores; "
        f"{1000 * run.server_cpu / max(run.requests, 1):.1f} ms of server CPU per request"
    )
    missed = []
    if finished != len(students):
        missed.append(f"{len(students) - finished} students did not finish")
    if fault:
        print(
            f"fault: SIGKILL workers {fault['killed']} from {fault['at']:.0f}s on; workers "
            f"before {fault['before']}, after {fault.get('after')}"
        )
        if len(fault.get("after", [])) < len(fault["before"]):
            missed.append("the killed worker was not replaced")
        return missed
    answer_p95 = 1000 * percentile(run.latencies.get("answer", []), 0.95)
    if run.error_count:
        missed.append(f"{run.error_count} errors")
    if answer_p95 >= ANSWER_P95_MS:
        missed.append(f"answer p95 {answer_p95:.0f} ms >= {ANSWER_P95_MS} ms")
    return missed


def flood_figures(
    answer_rounds: list[Recorder], hello_rounds: list[Recorder], connections: int
) -> list[str]:
    """Peak answer throughput against the hello world's, same connections and server."""
    print(f"\n== flood: {connections} connections, no think time, {len(answer_rounds)} turns ==")
    answers, hello = Recorder.combined(answer_rounds), Recorder.combined(hello_rounds)
    print(answers.table())
    print(hello.table())
    ratio = answers.rate("answer") / max(hello.rate("hello"), 1e-9)
    print(
        f"answer endpoint {answers.rate('answer'):.0f}/s, hello world "
        f"{hello.rate('hello'):.0f}/s: ratio {ratio:.2f} (a figure, not a target: it moves "
        "with the client's speed as much as with the app's)"
    )
    pairs = zip(answer_rounds, hello_rounds, strict=True)
    turns = [_turn(a.rate("answer"), h.rate("hello")) for a, h in pairs]
    print("each turn, answers/s : hello/s = " + ", ".join(turns))
    answer_cpu = _cpu_per_request(answers, "answer")
    hello_cpu = _cpu_per_request(hello, "hello")
    print(
        f"server CPU per request: answer {answer_cpu[0]:.2f} ms, hello world {hello_cpu[0]:.2f} ms "
        f"(ratio {hello_cpu[0] / max(answer_cpu[0], 1e-9):.2f}: the client, on the same cores, "
        "caps the hello world long before its server does)"
    )
    print(
        f"client CPU per request: answer {answer_cpu[1]:.2f} ms, hello world {hello_cpu[1]:.2f} ms "
        "(the hello world's rate is about one core over the latter)"
    )
    missed = []
    if answers.error_count or hello.error_count:
        missed.append(f"{answers.error_count + hello.error_count} errors in the flood")
    return missed


def _cpu_per_request(run: Recorder, endpoint: str) -> tuple[float, float]:
    """Milliseconds of CPU per request: the server's workers, then this client."""
    count = max(len(run.latencies[endpoint]), 1)
    return 1000 * run.server_cpu / count, 1000 * run.client_cpu / count


def _turn(answers: float, hello: float) -> str:
    return f"{answers:.0f} : {hello:.0f} ({answers / max(hello, 1e-9):.2f})"


def consistency_figures(checked: dict) -> list[str]:
    print("\n== consistency: acknowledged answers against rows, per student ==")
    print(", ".join(f"{key} {value}" for key, value in checked.items()))
    if checked["lost"] or checked["unacknowledged_extra"] or checked["duplicated"]:
        return ["acknowledged answers and stored rows differ"]
    return []


def server_figures(server) -> list[str]:
    """What the server saw: time spent in a worker per answer, and the errors it logged."""
    in_worker = server.request_ms("POST", "/answer")
    print(
        f"answers in the worker (access log): n {len(in_worker)}, "
        + ", ".join(f"p{q} {percentile(in_worker, q / 100):.0f}ms" for q in (50, 95, 99))
    )
    locked = server.log_count("database is locked")
    print(f'server log: "database is locked" x {locked}, HTTP 5xx x {server.status_count("5")}')
    return ['"database is locked" in the server log'] if locked else []
