"""gunicorn settings for the live sessions' waiter (quizapp/live/waiter.py):
`gunicorn -c waiter.conf.py 'quizapp.live.waiter:create_waiter()'`, which
`make serve-prod` starts beside the app.

One asyncio worker holds every waiting poll: a poll costs it a few hundred
microseconds when it starts and when its session changes, nothing while it waits.
gunicorn replaces the worker if it dies, as it does the app's. Each setting can be
overridden from the environment (WAITER_BIND, WAITER_WORKERS, ...).
"""

import os
from pathlib import Path

bind = os.environ.get("WAITER_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("WAITER_WORKERS", "1"))
worker_class = "aiohttp.GunicornWebWorker"
# nginx keeps its idle connections to the waiter for the next poll (up to 60 s).
keepalive = int(os.environ.get("WAITER_KEEPALIVE", "75"))
# Stopping lets every waiting poll go at once (a 204; the phone asks again), so a
# stop never waits for LIVE_WAIT_SECONDS.
graceful_timeout = int(os.environ.get("WAITER_GRACEFUL_TIMEOUT", "5"))
timeout = int(os.environ.get("WAITER_TIMEOUT", "30"))
# No access log: a line per poll, and nothing in it worth keeping.
accesslog = None
errorlog = os.environ.get("WAITER_ERROR_LOG", "-")
loglevel = os.environ.get("WAITER_LOG_LEVEL", "info")
control_socket = os.environ.get(
    "WAITER_CONTROL_SOCKET",
    str(Path.home() / ".gunicorn" / f"mythcheck-waiter-{bind.replace(':', '-')}.ctl"),
)
