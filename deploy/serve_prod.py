"""`make serve-prod`: gunicorn on a local port, a second gunicorn for the answers
on another, the live sessions' waiter on a third, and nginx in front of them.

nginx runs as a process of its own (prefix directory, no system service), with
deploy/nginx/mythcheck.conf filled in. The app trusts one proxy hop
(MYTHCHECK_PROXY_HOPS=1) and both servers bind only to 127.0.0.1, so the only way
in is through nginx. Stop them with Ctrl-C (or SIGTERM).

Settings (environment): NGINX_LISTEN (127.0.0.1:8080), GUNICORN_BIND
(127.0.0.1:8000), WAITER_BIND (127.0.0.1:8001), ANSWERS_BIND (127.0.0.1:8002),
ANSWER_WORKERS (3 per core), NGINX_PREFIX (instance/nginx).
`--print-site` prints the site file for a system nginx instead.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NGINX = os.environ.get("NGINX", "/usr/sbin/nginx")
SITE_TEMPLATE = ROOT / "deploy" / "nginx" / "mythcheck.conf"
# The answers' own gunicorn workers, three per core: an answer spends two thirds of its
# time in the worker waiting on the database, and when 70 classes start at the bell
# their answers come at once. bench/live_sessions.py on two cores: with three workers
# answers queued (p95 350 ms, 35 ms of it in the worker); with six, p95 about 110 ms.
ANSWER_WORKERS = 3 * (os.cpu_count() or 1)
# Every phone in a live session keeps two connections open (its page's, kept alive,
# and its long poll's) and each waiting poll holds a third, to the waiter: 70 classes
# of 30 measured 6,500 at once. 1,024 connections refused phones past about a
# thousand; 16,384 leaves room for a school. Each connection is a file descriptor,
# so the worker may open twice that many (worker_rlimit_nofile raises its own
# limit; no ulimit needed).
MAIN_CONF = """\
worker_processes 1;
worker_rlimit_nofile 32768;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log crit;
events {{ worker_connections 16384; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    include {prefix}/mythcheck.conf;
}}
"""


def site_conf(
    listen: str,
    upstream: str,
    waiter: str,
    answers: str,
    error_log: str = "/var/log/nginx/error.log",
) -> str:
    """deploy/nginx/mythcheck.conf with its @...@ values filled in."""
    values = {
        "@LISTEN@": listen,
        "@UPSTREAM@": upstream,
        "@WAITER@": waiter,
        "@ANSWERS@": answers,
        "@STATIC@": str(ROOT / "static"),
        "@ERROR_LOG@": error_log,
    }
    text = SITE_TEMPLATE.read_text()
    for placeholder, value in values.items():
        text = text.replace(placeholder, value)
    return text


class Nginx:
    """Our own nginx in `prefix`, proxying `listen` to the gunicorn at `upstream`,
    the live polls to the `waiter` and the answers to the gunicorn at `answers` (each
    by default the app itself)."""

    def __init__(
        self,
        listen: str,
        upstream: str,
        prefix: Path,
        waiter: str | None = None,
        answers: str | None = None,
    ):
        self.listen, self.upstream, self.prefix = listen, upstream, prefix
        self.waiter = waiter or upstream
        self.answers = answers or upstream
        self.process: subprocess.Popen | None = None

    def write_config(self) -> Path:
        self.prefix.mkdir(parents=True, exist_ok=True)
        error_log = str(self.prefix / "error.log")
        (self.prefix / "mythcheck.conf").write_text(
            site_conf(self.listen, self.upstream, self.waiter, self.answers, error_log)
        )
        main = self.prefix / "nginx.conf"
        main.write_text(MAIN_CONF.format(prefix=self.prefix))
        return main

    def __enter__(self) -> Nginx:
        main = self.write_config()
        command = [NGINX, "-e", str(self.prefix / "error.log"), "-p", str(self.prefix)]
        command += ["-c", str(main), "-g", "daemon off;"]
        self.process = subprocess.Popen(command)
        self._wait_until_listening()
        return self

    def _wait_until_listening(self, seconds: float = 10) -> None:
        import socket

        host, port = self.listen.rsplit(":", 1)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx exited: see {self.prefix / 'error.log'}")
            try:
                socket.create_connection((host, int(port)), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"nginx is not listening on {self.listen} after {seconds}s")

    def __exit__(self, *exc) -> None:
        self.process.send_signal(signal.SIGQUIT)  # graceful: finish what is in flight
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _say_where_limits_are_counted() -> None:
    storage = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    if storage.startswith("redis"):
        print(f"serve-prod: rate limits shared through {storage}")
    else:
        print(
            "serve-prod: WARNING: RATELIMIT_STORAGE_URI is not set, so each gunicorn worker "
            "counts login tries alone. Production needs Redis: "
            "RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379/0",
            file=sys.stderr,
        )


def _say_where_polls_wait() -> None:
    if not os.environ.get("LIVE_REDIS_URL"):
        print(
            "serve-prod: WARNING: LIVE_REDIS_URL is not set, so the waiter hands every live "
            "poll to gunicorn, once a second per phone. Production needs Redis: "
            "LIVE_REDIS_URL=redis://127.0.0.1:6379/1",
            file=sys.stderr,
        )


def answers_env(env: dict, bind: str) -> dict:
    """The answers' gunicorn: the app's settings, its own address and worker count."""
    workers = env.get("ANSWER_WORKERS", str(ANSWER_WORKERS))
    return env | {"GUNICORN_BIND": bind, "GUNICORN_WORKERS": workers}


def _gunicorn(config: str, app: str, env: dict) -> subprocess.Popen:
    gunicorn = ROOT / ".venv" / "bin" / "gunicorn"
    return subprocess.Popen([str(gunicorn), "-c", str(ROOT / config), app], env=env, cwd=ROOT)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def serve() -> int:
    """Run gunicorn, the waiter and nginx until one stops or we are told to stop."""
    listen = os.environ.get("NGINX_LISTEN", "127.0.0.1:8080")
    upstream = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
    waiter = os.environ.get("WAITER_BIND", "127.0.0.1:8001")
    answers = os.environ.get("ANSWERS_BIND", "127.0.0.1:8002")
    prefix = Path(os.environ.get("NGINX_PREFIX", ROOT / "instance" / "nginx")).resolve()
    _say_where_limits_are_counted()
    _say_where_polls_wait()
    env = {**os.environ, "GUNICORN_BIND": upstream, "WAITER_BIND": waiter}
    env.setdefault("MYTHCHECK_PROXY_HOPS", "1")
    app = _gunicorn("gunicorn.conf.py", "quizapp:create_app()", env)
    answering = _gunicorn("gunicorn.conf.py", "quizapp:create_app()", answers_env(env, answers))
    polls = _gunicorn("waiter.conf.py", "quizapp.live.waiter:create_waiter()", env)
    servers = (app, answering, polls)
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
    try:
        with Nginx(listen, upstream, prefix, waiter, answers):
            print(
                f"serve-prod: http://{listen} (nginx) -> gunicorn on {upstream}, "
                f"answers on {answers}, waiter on {waiter}"
            )
            while not stop and all(server.poll() is None for server in servers):
                time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        for server in reversed(servers):
            _stop(server)
    return next((server.returncode for server in servers if server.returncode), 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--print-site", action="store_true", help="print the nginx site file")
    parser.add_argument("--listen", default="80", help="with --print-site: nginx's listen")
    parser.add_argument("--upstream", default="127.0.0.1:8000", help="with --print-site")
    parser.add_argument("--waiter", default="127.0.0.1:8001", help="with --print-site")
    parser.add_argument("--answers", default="127.0.0.1:8002", help="with --print-site")
    args = parser.parse_args()
    if args.print_site:
        print(site_conf(args.listen, args.upstream, args.waiter, args.answers))
        return
    sys.exit(serve())


if __name__ == "__main__":
    main()
