"""Start gunicorn with the repository's gunicorn.conf.py, watch it, stop it."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import time
from pathlib import Path

import httpx

from bench.tools import tool
from deploy.serve_prod import answers_env

ROOT = Path(__file__).resolve().parent.parent
# The production app, with the login rate limit off: every virtual student logs
# in from 127.0.0.1. Production defaults are untouched.
MYTHCHECK_APP = "quizapp:create_app({'RATELIMIT_ENABLED': False})"
HELLO_APP = "bench.hello_app:app"
WAITER_APP = "quizapp.live.waiter:create_waiter()"


class Gunicorn:
    """One gunicorn master (ours) and its workers, logging into `log_dir`; up once
    `health` answers 200."""

    def __init__(
        self,
        app: str,
        port: int,
        log_dir: Path,
        name: str,
        env: dict | None = None,
        config: Path = ROOT / "gunicorn.conf.py",
        health: str = "/",
    ):
        self.app, self.port, self.name = app, port, name
        self.config, self.health = config, health
        self.access_log = log_dir / f"{name}-access.log"
        self.error_log = log_dir / f"{name}-error.log"
        self.output_log = log_dir / f"{name}-output.log"
        self.env = {
            **os.environ,
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_ACCESS_LOG": str(self.access_log),
            "GUNICORN_ERROR_LOG": str(self.error_log),
            "SECRET_KEY": secrets.token_hex(32),
            **(env or {}),
        }
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Gunicorn:
        for log in (self.access_log, self.error_log, self.output_log):
            log.unlink(missing_ok=True)
        command = [tool("gunicorn"), "-c", str(self.config), self.app]
        with self.output_log.open("w") as output:
            self.process = subprocess.Popen(
                command, env=self.env, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT
            )
        self._wait_until_up()
        return self

    def _wait_until_up(self, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name}: gunicorn exited, see {self.error_log}")
            try:
                if httpx.get(self.url + self.health, timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.2)
        raise RuntimeError(f"{self.name}: no answer on {self.url} after {seconds}s")

    def __exit__(self, *exc) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def _workers(self) -> dict[int, str]:
        """Our own master's workers, found by parent pid in /proc: pid -> state letter."""
        workers = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                state, parent = stat.read_text().rsplit(")", 1)[1].split()[:2]
            except (OSError, ValueError):
                continue
            if int(parent) == self.process.pid:
                workers[int(stat.parent.name)] = state
        return workers

    def worker_pids(self) -> list[int]:
        return sorted(self._workers())

    def total_cpu_seconds(self) -> float:
        """CPU time of the master and its workers, those it has reaped included."""
        return process_cpu_seconds(self.process.pid, reaped=True) + sum(
            process_cpu_seconds(pid) for pid in self._workers()
        )

    def worker_cpu_seconds(self) -> float:
        """CPU time (user + system) the current workers have used so far."""
        return sum(process_cpu_seconds(pid) for pid in self._workers())

    def kill_busy_worker(self, patience: float = 2.0) -> int:
        """SIGKILL a worker, as the out-of-memory killer would: one that is running a
        request if one is seen within `patience` seconds, else any; returns its pid."""
        deadline = time.monotonic() + patience
        workers = self._workers()
        while time.monotonic() < deadline:
            running = [pid for pid, state in self._workers().items() if state == "R"]
            if running:
                workers = dict.fromkeys(running, "R")
                break
            time.sleep(0.005)
        pid = min(workers)
        os.kill(pid, signal.SIGKILL)
        return pid

    def log_count(self, text: str) -> int:
        """Lines of the server's logs containing `text` (e.g. "database is locked")."""
        return sum(
            text in line
            for log in (self.error_log, self.output_log)
            if log.exists()
            for line in log.open(errors="replace")
        )

    def request_ms(self, method: str, path_part: str) -> list[float]:
        """Time in the worker (access log, ms) of each request like `method ...path_part...`."""
        times = []
        for line in self.access_log.open(errors="replace") if self.access_log.exists() else ():
            request, _, rest = line.partition('" ')
            if f'"{method} ' in request and path_part in request:
                times.append(float(rest.split()[2].removesuffix("ms")))
        return times

    def status_count(self, prefix: str) -> int:
        """Access-log lines whose status starts with `prefix` (e.g. "5")."""
        if not self.access_log.exists():
            return 0
        return sum(
            line.split('" ', 1)[1].startswith(prefix)
            for line in self.access_log.open(errors="replace")
            if '" ' in line
        )


def process_cpu_seconds(pid: int, reaped: bool = False) -> float:
    """User + system CPU time of one process (0 when it is gone); with `reaped`, also
    that of the children it has waited for (a gunicorn master's dead workers)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = sum(int(f) for f in fields[11 : 15 if reaped else 13])
    return ticks / os.sysconf("SC_CLK_TCK")


def children_of(pid: int) -> list[int]:
    """The pids whose parent is `pid` (nginx's workers, say)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = stat.read_text().rsplit(")", 1)[1].split()[1]
        except (OSError, ValueError, IndexError):
            continue
        if int(parent) == pid:
            found.append(int(stat.parent.name))
    return found


def waiter(port: int, log_dir: Path, name: str, env: dict) -> Gunicorn:
    """The live sessions' waiter (waiter.conf.py) for the app run with `env` (the
    same SECRET_KEY and LIVE_REDIS_URL)."""
    bind = {
        "WAITER_BIND": f"127.0.0.1:{port}",
        "WAITER_ERROR_LOG": str(log_dir / f"{name}-error.log"),
    }
    return Gunicorn(
        WAITER_APP,
        port,
        log_dir,
        name,
        env | bind,
        config=ROOT / "waiter.conf.py",
        health="/healthz",
    )


def answer_pool(app: str, port: int, log_dir: Path, name: str, env: dict) -> Gunicorn:
    """The answers' own gunicorn (make serve-prod's second one, ANSWER_WORKERS) for
    `app` run with `env` (the same SECRET_KEY and database)."""
    return Gunicorn(
        app, port, log_dir, f"{name}-answers", answers_env(os.environ | env, f"127.0.0.1:{port}")
    )
