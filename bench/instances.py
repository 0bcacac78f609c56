r"""Two gunicorn instances, one PostgreSQL, one Redis: what one instance writes or
counts, the other sees.

    .venv/bin/python -m bench.instances

It recreates the PostgreSQL database bench_instances, seeds one student and
starts two instances of the app (rate limits on, as in production) under
gunicorn.conf.py on ports 8111 and 8112, with the same SECRET_KEY, the same
database and RATELIMIT_STORAGE_URI pointing at Redis. A student logs in on the
first, starts a quiz there, answers on the second and sees the feedback on
the first. Then wrong passwords for one username go to the two instances in
turn until one refuses (the limit is 10 a minute per username). The same run
with `memory://` is the control: each worker counts on its own, so many more
tries get through. Exit status 1 when Redis does not share the count.
"""

from __future__ import annotations

import argparse
import secrets
import sys
import tempfile
from pathlib import Path

import httpx
import redis

from . import database
from .servers import Gunicorn
from .students import CHOICE, FORM_CSRF, QUESTION_ID

DATABASE_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_instances"
REDIS_URL = "redis://127.0.0.1:6379/3"
PRODUCTION_APP = "quizapp:create_app()"
USERNAME_LIMIT = 10


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=DATABASE_URL, help="recreated")
    parser.add_argument("--redis-url", default=REDIS_URL, help="this Redis database is emptied")
    parser.add_argument("--port", type=int, default=8111, help="the second instance on +1")
    parser.add_argument("--tries", type=int, default=40, help="wrong passwords at most")
    parser.add_argument("--log-dir", type=Path, default=Path(tempfile.gettempdir()))
    return parser.parse_args(argv)


def start_instances(args, storage: str) -> list[Gunicorn]:
    """Two instances sharing the key, the database and the rate-limit storage."""
    env = {
        "DATABASE_URL": args.database_url,
        "RATELIMIT_STORAGE_URI": storage,
        "SECRET_KEY": secrets.token_hex(32),
    }
    return [
        Gunicorn(PRODUCTION_APP, args.port + i, args.log_dir, f"instance-{i + 1}", env)
        for i in range(2)
    ]


def form_token(page: httpx.Response) -> str:
    return FORM_CSRF.search(page.text).group(1)


def log_in(http: httpx.Client, url: str, username: str, password: str) -> int:
    token = form_token(http.get(f"{url}/login"))
    data = {"csrf_token": token, "username": username, "password": password}
    return http.post(f"{url}/login", data=data).status_code


def answer_across(first: str, second: str, username: str, lesson_id: str) -> list[str]:
    """Log in and start a quiz on `first`, answer on `second`, see the feedback on
    `first`; returns what went wrong (nothing when the instances share it all)."""
    with httpx.Client(timeout=30) as http:
        if log_in(http, first, username, database.PASSWORD) != 303:
            return ["the student could not log in on the first instance"]
        lesson = http.get(f"{first}/lessons/{lesson_id}")
        started = http.post(
            f"{first}/quizzes/{lesson_id}/start", data={"csrf_token": form_token(lesson)}
        )
        attempt_path = started.headers.get("location", "")
        card = http.get(f"{second}{attempt_path}", follow_redirects=True)
        if card.status_code != 200 or QUESTION_ID.search(card.text) is None:
            return ["the second instance does not show the quiz begun on the first"]
        data = {
            "csrf_token": form_token(card),
            "question_id": QUESTION_ID.search(card.text).group(1),
            "choice": CHOICE.search(card.text).group(1),
            "certainty": "2",
        }
        saved = http.post(f"{second}{attempt_path}/answer", data=data)
        if saved.status_code != 303:
            return [f"the answer sent to the second instance got {saved.status_code}"]
        feedback = http.get(f"{first}{card.url.path}")
        if "Your answer" not in feedback.text:
            return ["the first instance does not show the answer saved through the second"]
    return []


def tries_until_refused(urls: list[str], username: str, tries: int) -> int | None:
    """Wrong passwords for `username`, to each instance in turn: the try that got
    429, or None if none did."""
    with httpx.Client(timeout=30) as http:
        for attempt in range(1, tries + 1):
            if log_in(http, urls[attempt % len(urls)], username, "not-the-password") == 429:
                return attempt
    return None


def run_with(args, storage: str, app, lesson_id: str) -> tuple[int | None, list[str]]:
    """The quiz across both instances, then the wrong passwords for another student."""
    prefix = storage.split(":")[0]
    student, target = database.seed_students(app, f"{prefix}-", 2)
    instances = start_instances(args, storage)
    with instances[0] as first, instances[1] as second:
        problems = answer_across(first.url, second.url, student, lesson_id)
        refused_at = tries_until_refused([first.url, second.url], target, args.tries)
    return refused_at, problems


def main() -> int:
    args = parse_args()
    database.recreate(args.database_url)
    app = database.bench_app(args.database_url)
    lesson_id = database.lesson_ids(app)[0]
    missed = []
    for storage, label in ((args.redis_url, "Redis"), ("memory://", "memory (control)")):
        redis.Redis.from_url(args.redis_url).flushdb()
        refused_at, problems = run_with(args, storage, app, lesson_id)
        shown = f"refused at try {refused_at}" if refused_at else f"none of {args.tries} refused"
        print(f"{label:17} two instances, one database: {'; '.join(problems) or 'ok'}")
        print(f"{label:17} wrong passwords for one username, alternating: {shown}")
        missed += problems
        if storage == args.redis_url and refused_at != USERNAME_LIMIT + 1:
            missed.append(f"with Redis the limit was not shared (refused at {refused_at})")
    print("PASS" if not missed else "FAIL: " + "; ".join(missed))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
