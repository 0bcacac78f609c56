"""Slow clients against the production stack: nginx in front of gunicorn.

`--clients` sockets (8) each send a POST whose body trickles in one byte every
`--trickle` seconds (2), as a phone on a failing network or a deliberate attack
would; meanwhile `/healthz` is asked every 0.25 s. Behind nginx, which reads each
body whole before gunicorn sees it, every health check must answer within 1 s.
`--direct` is the control: the same sockets straight to gunicorn, whose sync
workers each wait on one of them.

    .venv/bin/python -m bench.slow_clients               # through nginx: PASS or FAIL
    .venv/bin/python -m bench.slow_clients --direct      # the control (expect stalls)

It recreates the SQLite database /tmp/bench-slow.db, starts gunicorn on
--app-port (8131) and nginx on --proxy-port (8132), in production mode.
"""

from __future__ import annotations

import argparse
import secrets
import socket
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bench.database import recreate
from bench.servers import Gunicorn
from deploy.serve_prod import Nginx

LIMIT_SECONDS = 1.0
BODY_BYTES = 2000


@dataclass
class Figures:
    checks: list[float] = field(default_factory=list)
    failures: int = 0
    clients_connected: int = 0

    @property
    def worst(self) -> float:
        return max(self.checks, default=float("inf"))

    def passed(self) -> bool:
        return bool(self.checks) and self.failures == 0 and self.worst < LIMIT_SECONDS

    def summary(self, where: str) -> str:
        ordered = sorted(self.checks) or [float("nan")]
        p50 = ordered[len(ordered) // 2]
        return (
            f"{where}: {self.clients_connected} slow clients; /healthz {len(self.checks)} checks, "
            f"{self.failures} failed or over {LIMIT_SECONDS:.0f} s, "
            f"p50 {p50 * 1000:.0f} ms, max {self.worst * 1000:.0f} ms"
        )


def trickle(port: int, stop: threading.Event, every: float, connected: list) -> None:
    """One slow client: headers at once, then the body a byte at a time."""
    try:
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    except OSError:
        return
    head = (
        f"POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {BODY_BYTES}\r\n\r\n"
    )
    try:
        sock.sendall(head.encode())
        connected.append(True)
        while not stop.wait(every):
            sock.sendall(b"x")
    except OSError:
        pass
    finally:
        sock.close()


def check_health(url: str, stop: threading.Event, figures: Figures) -> None:
    with httpx.Client(timeout=5) as http:
        while not stop.is_set():
            started = time.perf_counter()
            try:
                ok = http.get(url + "/healthz").json() == {"status": "ok"}
            except (httpx.HTTPError, ValueError):
                ok = False
            took = time.perf_counter() - started
            figures.checks.append(took)
            figures.failures += (not ok) or took >= LIMIT_SECONDS
            stop.wait(0.25)


def measure(target_port: int, health_url: str, clients: int, seconds: float, every: float):
    """Slow clients on `target_port` while `health_url` is checked; the figures."""
    figures, stop, connected = Figures(), threading.Event(), []
    slow = [
        threading.Thread(target=trickle, args=(target_port, stop, every, connected), daemon=True)
        for _ in range(clients)
    ]
    for thread in slow:
        thread.start()
    time.sleep(1)  # every slow client is in before the health checks start
    checker = threading.Thread(target=check_health, args=(health_url, stop, figures))
    checker.start()
    time.sleep(seconds)
    figures.clients_connected = len(connected)
    stop.set()
    checker.join()
    for thread in slow:
        thread.join(timeout=5)
    return figures


def production_env(database_url: str) -> dict:
    return {
        "DATABASE_URL": database_url,
        "MYTHCHECK_ENV": "production",
        "MYTHCHECK_PUBLIC_URL": "https://mythcheck.example",
        "MYTHCHECK_PROXY_HOPS": "1",
        "SECRET_KEY": secrets.token_hex(32),
    }


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Slow clients against nginx + gunicorn.")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--trickle", type=float, default=2.0, help="seconds between bytes")
    parser.add_argument("--direct", action="store_true", help="control: no nginx in front")
    parser.add_argument("--app-port", type=int, default=8131)
    parser.add_argument("--proxy-port", type=int, default=8132)
    parser.add_argument("--database-url", default="sqlite:////tmp/bench-slow.db")
    parser.add_argument("--log-dir", type=Path, default=Path("/tmp"))
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    recreate(args.database_url)
    env = production_env(args.database_url)
    with Gunicorn("quizapp:create_app()", args.app_port, args.log_dir, "bench-slow", env) as app:
        prefix = args.log_dir / f"bench-slow-nginx-{args.proxy_port}"
        with Nginx(f"127.0.0.1:{args.proxy_port}", f"127.0.0.1:{args.app_port}", prefix):
            workers = len(app.worker_pids())
            port = args.app_port if args.direct else args.proxy_port
            figures = measure(
                port, f"http://127.0.0.1:{port}", args.clients, args.seconds, args.trickle
            )
    where = "straight to gunicorn" if args.direct else "through nginx"
    print(
        f"{workers} gunicorn sync workers; body {BODY_BYTES} bytes, 1 byte every {args.trickle} s"
    )
    print(figures.summary(where))
    print("PASS" if figures.passed() else "FAIL")
    return 0 if figures.passed() or args.direct else 1


if __name__ == "__main__":
    sys.exit(main())
