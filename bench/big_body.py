"""Worker memory under a big anonymous POST, straight to gunicorn (no nginx).

Sends a `--megabytes` (300) body to /login as JSON, as a form and as a
multipart upload, and prints the largest worker's resident memory before and
after each. `--no-limit` is the control: the app without MAX_CONTENT_LENGTH.

    .venv/bin/python -m bench.big_body
    .venv/bin/python -m bench.big_body --no-limit

It recreates /tmp/bench-big.db and starts gunicorn on --port (8141), in
production mode.
"""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path

import httpx

from bench.database import recreate
from bench.servers import Gunicorn
from bench.slow_clients import production_env

CHUNK = b"x" * (1 << 20)
KINDS = {
    "json": "application/json",
    "form": "application/x-www-form-urlencoded",
    "multipart": "multipart/form-data; boundary=b",
}
LIMITED_APP = "quizapp:create_app()"
UNLIMITED_APP = "quizapp:create_app({'MAX_CONTENT_LENGTH': None, 'MAX_FORM_MEMORY_SIZE': None})"


def resident_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def largest_worker_mb(server: Gunicorn) -> float:
    return max((resident_mb(pid) for pid in server.worker_pids()), default=0.0)


def peak_while(server: Gunicorn, action) -> tuple[str, float]:
    """What `action()` returns, and the largest worker's peak memory while it ran."""
    peak, done = [0.0], threading.Event()

    def sample():
        while not done.wait(0.02):
            peak[0] = max(peak[0], largest_worker_mb(server))

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        return action(), peak[0]
    finally:
        done.set()
        sampler.join()


HEADS = {
    "json": (b'{"username": "', b'"}'),
    "form": (b"username=", b""),
    "multipart": (b'--b\r\nContent-Disposition: form-data; name="f"\r\n\r\n', b"\r\n--b--\r\n"),
}


def body(kind: str, megabytes: int):
    head, tail = HEADS[kind]
    yield head
    for _ in range(megabytes):
        yield CHUNK
    yield tail


def send(url: str, kind: str, megabytes: int) -> str:
    """The body streamed with its Content-Length, as a browser or curl sends a file."""
    head, tail = HEADS[kind]
    length = len(head) + megabytes * len(CHUNK) + len(tail)
    try:
        response = httpx.post(
            url + "/login",
            content=body(kind, megabytes),
            headers={"Content-Type": KINDS[kind], "Content-Length": str(length)},
            timeout=120,
        )
        return str(response.status_code)
    except httpx.HTTPError as error:
        return type(error).__name__


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Worker memory under a big body.")
    parser.add_argument("--megabytes", type=int, default=300)
    parser.add_argument("--no-limit", action="store_true", help="control: no MAX_CONTENT_LENGTH")
    parser.add_argument("--port", type=int, default=8141)
    parser.add_argument("--database-url", default="sqlite:////tmp/bench-big.db")
    parser.add_argument("--log-dir", type=Path, default=Path("/tmp"))
    args = parser.parse_args(argv)
    recreate(args.database_url)
    app = UNLIMITED_APP if args.no_limit else LIMITED_APP
    env = {**production_env(args.database_url), "GUNICORN_WORKERS": "1"}
    with Gunicorn(app, args.port, args.log_dir, "bench-big", env) as server:
        print(f"{'no limit' if args.no_limit else 'MAX_CONTENT_LENGTH 64 KB'}, one worker")
        for kind in KINDS:
            before = largest_worker_mb(server)
            status, peak = peak_while(server, lambda k=kind: send(server.url, k, args.megabytes))
            sent = f"{args.megabytes} MB {kind:9} -> {status}"
            print(f"{sent}: worker {before:.0f} MB, peak {max(peak, before):.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
