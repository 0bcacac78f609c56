"""Latency and error bookkeeping for the load test."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of the sorted values fall (nearest rank)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))
    return ordered[rank]


@dataclass
class Recorder:
    """Every request's latency by endpoint, and every error by endpoint and reason."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter = field(default_factory=Counter)
    loop_lag: list[float] = field(default_factory=list)
    server_cpu: float = 0.0
    client_cpu: float = 0.0
    started: float = field(default_factory=time.perf_counter)
    stopped: float | None = None
    seconds: float | None = None
    """Set on a recorder combined from rounds: the time of the rounds alone."""

    def ok(self, endpoint: str, seconds: float) -> None:
        self.latencies[endpoint].append(seconds)

    def error(self, endpoint: str, reason: str) -> None:
        self.errors[f"{endpoint}: {reason}"] += 1

    def stop(self) -> None:
        self.stopped = time.perf_counter()

    @property
    def elapsed(self) -> float:
        if self.seconds is not None:
            return self.seconds
        return (self.stopped or time.perf_counter()) - self.started

    @classmethod
    def combined(cls, rounds: list[Recorder]) -> Recorder:
        """One recorder for several timed rounds, the time between them left out."""
        whole = cls(seconds=sum(r.elapsed for r in rounds))
        for part in rounds:
            for endpoint, values in part.latencies.items():
                whole.latencies[endpoint].extend(values)
            whole.errors.update(part.errors)
            whole.server_cpu += part.server_cpu
            whole.client_cpu += part.client_cpu
        return whole

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.latencies.values())

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    def rate(self, endpoint: str | None = None) -> float:
        count = self.requests if endpoint is None else len(self.latencies.get(endpoint, []))
        return count / self.elapsed if self.elapsed else 0.0

    def table(self) -> str:
        """One line per endpoint, then the total: count, rate and latency percentiles."""
        lines = [f"{'endpoint':<10} {'count':>7} {'req/s':>7} {'p50':>7} {'p95':>7} {'p99':>7} ms"]
        everything = [s for values in self.latencies.values() for s in values]
        for name, values in sorted(self.latencies.items()) + [("ALL", everything)]:
            lines.append(
                f"{name:<10} {len(values):>7} {len(values) / self.elapsed:>7.1f} "
                + " ".join(f"{1000 * percentile(values, q):>7.1f}" for q in (0.5, 0.95, 0.99))
            )
        if self.loop_lag:
            lags = " ".join(
                f"p{q}={1000 * percentile(self.loop_lag, q / 100):.0f}" for q in (50, 95)
            )
            lines.append(f"client event-loop lag ms (inflates every latency above): {lags}")
        lines.append(f"errors: {self.error_count}")
        lines.extend(f"  {count} x {reason}" for reason, count in self.errors.most_common(10))
        return "\n".join(lines)

    def mean(self, endpoint: str) -> float:
        values = self.latencies.get(endpoint, [])
        return statistics.fmean(values) if values else 0.0


async def watch_loop_lag(lags: list[float], every: float = 0.1) -> None:
    """How late the client's own event loop wakes up: when the client is short of
    CPU, every latency it measures grows by about this much."""
    while True:
        started = time.perf_counter()
        await asyncio.sleep(every)
        lags.append(time.perf_counter() - started - every)
