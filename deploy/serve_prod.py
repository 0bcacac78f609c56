"""`make serve-prod`: gunicorn on a local port, and nginx in front of it.

nginx runs as a process of its own (prefix directory, no system service), with
deploy/nginx/mythcheck.conf filled in. The app trusts one proxy hop
(MYTHCHECK_PROXY_HOPS=1) and gunicorn binds only to 127.0.0.1, so the only way
in is through nginx. Stop both with Ctrl-C (or SIGTERM).

Settings (environment): NGINX_LISTEN (127.0.0.1:8080), GUNICORN_BIND
(127.0.0.1:8000), NGINX_PREFIX (instance/nginx). `--print-site` prints the site
file for a system nginx instead.
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
MAIN_CONF = """\
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log crit;
events {{ worker_connections 1024; }}
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


def site_conf(listen: str, upstream: str, error_log: str = "/var/log/nginx/error.log") -> str:
    """deploy/nginx/mythcheck.conf with its @...@ values filled in."""
    values = {
        "@LISTEN@": listen,
        "@UPSTREAM@": upstream,
        "@STATIC@": str(ROOT / "static"),
        "@ERROR_LOG@": error_log,
    }
    text = SITE_TEMPLATE.read_text()
    for placeholder, value in values.items():
        text = text.replace(placeholder, value)
    return text


class Nginx:
    """Our own nginx in `prefix`, proxying `listen` to the gunicorn at `upstream`."""

    def __init__(self, listen: str, upstream: str, prefix: Path):
        self.listen, self.upstream, self.prefix = listen, upstream, prefix
        self.process: subprocess.Popen | None = None

    def write_config(self) -> Path:
        self.prefix.mkdir(parents=True, exist_ok=True)
        error_log = str(self.prefix / "error.log")
        (self.prefix / "mythcheck.conf").write_text(
            site_conf(self.listen, self.upstream, error_log)
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


def serve() -> int:
    """Run gunicorn and nginx until either stops or we are told to stop."""
    listen = os.environ.get("NGINX_LISTEN", "127.0.0.1:8080")
    upstream = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
    prefix = Path(os.environ.get("NGINX_PREFIX", ROOT / "instance" / "nginx")).resolve()
    _say_where_limits_are_counted()
    env = {**os.environ, "GUNICORN_BIND": upstream}
    env.setdefault("MYTHCHECK_PROXY_HOPS", "1")
    gunicorn = ROOT / ".venv" / "bin" / "gunicorn"
    app = subprocess.Popen(
        [str(gunicorn), "-c", str(ROOT / "gunicorn.conf.py"), "quizapp:create_app()"],
        env=env,
        cwd=ROOT,
    )
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
    try:
        with Nginx(listen, upstream, prefix):
            print(f"serve-prod: http://{listen} (nginx) -> gunicorn on {upstream}")
            while not stop and app.poll() is None:
                time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        if app.poll() is None:
            app.send_signal(signal.SIGTERM)
            app.wait(timeout=30)
    return app.returncode or 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--print-site", action="store_true", help="print the nginx site file")
    parser.add_argument("--listen", default="80", help="with --print-site: nginx's listen")
    parser.add_argument("--upstream", default="127.0.0.1:8000", help="with --print-site")
    args = parser.parse_args()
    if args.print_site:
        print(site_conf(args.listen, args.upstream))
        return
    sys.exit(serve())


if __name__ == "__main__":
    main()
