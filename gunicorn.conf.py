"""gunicorn settings for production: `make serve-prod` or `gunicorn -c gunicorn.conf.py`.

Every setting can be overridden from the environment (GUNICORN_WORKERS, ...), so
the load test runs the app and a bare hello-world app under the same settings.

Sync workers, one request at a time each, measured fastest for this app on a
small machine (bench/load_test.py): the app is CPU-bound (templates, sessions),
so threads only add GIL contention, and a request never waits long on the
database (SQLite queues writers with BEGIN IMMEDIATE; PostgreSQL answers in
well under a millisecond on a local network).
"""

import gc
import multiprocessing
import os
from pathlib import Path

from quizapp.accesslog import FORMAT as PRIVATE_FORMAT


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = _env_int("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1)
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
threads = _env_int("GUNICORN_THREADS", 1)
# Queued connections wait here while every worker is busy: a class of 500
# students all pressing "Check answer" at once must queue, not be refused.
backlog = _env_int("GUNICORN_BACKLOG", 2048)

# A request slower than this is stuck: the worker is killed and replaced.
timeout = _env_int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _env_int("GUNICORN_GRACEFUL_TIMEOUT", 20)
keepalive = _env_int("GUNICORN_KEEPALIVE", 5)
# Recycle workers now and then so a slow leak can never grow without bound;
# the jitter keeps them from all restarting at the same moment.
max_requests = _env_int("GUNICORN_MAX_REQUESTS", 20000)
max_requests_jitter = _env_int("GUNICORN_MAX_REQUESTS_JITTER", 2000)

# Load the app once in the master: workers fork ready to serve, and a worker
# that dies is replaced in milliseconds.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") == "1"

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# No client address, user agent, query string or row id (quizapp/accesslog.py): the
# privacy notice says no IP addresses are stored. %(M)s: request time in milliseconds;
# X-Request-ID ties a line to the app's log.
logger_class = "quizapp.accesslog.PrivateAccessLogger"
access_log_format = PRIVATE_FORMAT

# One control socket per address: several instances on one host must not share one.
control_socket = os.environ.get(
    "GUNICORN_CONTROL_SOCKET",
    str(Path.home() / ".gunicorn" / f"mythcheck-{bind.replace(':', '-')}.ctl"),
)

# Behind a reverse proxy on the same host, trust its X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_fork(server, worker):
    """Give each worker its own database connections.

    With preload_app the engine is created in the master; a pooled connection
    (SQLite or PostgreSQL) must never be shared across fork, so each worker
    starts with an empty pool.
    """
    if not preload_app:
        return
    app = worker.app.wsgi()
    extensions = getattr(app, "extensions", {})
    if "sqlalchemy" in extensions:
        with app.app_context():
            for engine in extensions["sqlalchemy"].engines.values():
                engine.dispose(close=False)


def when_ready(server):
    """Compile every template once, in the master: each worker forks with them
    compiled instead of compiling them again on its first requests."""
    if not preload_app:
        return
    app = server.app.wsgi()
    environment = getattr(app, "jinja_env", None)
    for name in environment.list_templates() if environment else ():
        environment.get_template(name)


def pre_fork(server, worker):
    """Move everything the preloaded app allocated out of the garbage collector's
    sight: a worker then never rescans (or copies) those objects, only what a
    request allocates."""
    gc.freeze()
