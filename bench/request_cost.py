r"""What one request costs the server's CPU, measured inside one process.

    .venv/bin/python -m bench.request_cost --db postgres
    .venv/bin/python -m bench.request_cost --db sqlite --answers 1000

No HTTP and no load-test client on the cores: Flask's test client calls each
app directly, and the process's CPU time is divided by the requests. It prints
the bare hello world, a signed-in request that only asks the database for
`SELECT 1` (/healthz with a session cookie: what every student request costs
before it does its own work), the question card, the answer, a live
session's poll that finds nothing new (204: what each phone sends every second
when no waiter runs;
its version from the database, or from Redis with --redis-url), a live session's
student page with a question open (what 30 phones load at each teacher's click)
and a live answer (the class answers each question in turn, the session moving
on between questions untimed), each also as a multiple of the hello world. The test
client's own share, about the hello world's figure, is in every line. The
database server's CPU is not.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Sequence
from types import SimpleNamespace

import redis

from quizapp import create_app
from quizapp.content import PRE_QUIZ, snapshot
from quizapp.extensions import db
from quizapp.live import service
from quizapp.live.models import LiveSession
from quizapp.models import Classroom, Membership, User

from . import database
from .hello_app import app as hello_app
from .students import CSRF, HTMX
from .throughput import answer_queue


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    database.add_database_options(parser)
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--answers", type=int, default=1500, help="timed answers, at most")
    parser.add_argument("--requests", type=int, default=2000, help="timed of each other kind")
    parser.add_argument("--redis-url", help="emptied; the live poll reads its version there")
    return parser.parse_args(argv)


def cpu_ms_each(send, calls: Sequence) -> float:
    """Milliseconds of this process's CPU per call of `send`, after a tenth to warm up."""
    warm = max(len(calls) // 10, 1)
    for call in calls[:warm]:
        send(call)
    started = time.process_time()
    for call in calls[warm:]:
        send(call)
    return 1000 * (time.process_time() - started) / max(len(calls) - warm, 1)


def cpu_ms_each_round(send, rounds: Sequence[Sequence], between) -> float:
    """Milliseconds of this process's CPU per call of `send` over `rounds` of calls,
    `between()` run untimed before each round after the first, which warms up."""
    spent, timed = 0.0, 0
    for number, calls in enumerate(rounds):
        if number:
            between()
        started = time.process_time()
        for call in calls:
            send(call)
        if number:
            spent += time.process_time() - started
            timed += len(calls)
    return 1000 * spent / max(timed, 1)


def expect(response, status: int):
    if response.status_code != status:
        raise RuntimeError(f"{response.request.path}: HTTP {response.status_code}")
    return response


def signed_in_client(app, username: str, quiz_ids: list[str]):
    """A test client logged in as `username` with an attempt open at each quiz,
    and the CSRF token its pages carry."""
    http = app.test_client()
    token = CSRF.search(http.get("/login").text).group(1)
    login = {"csrf_token": token, "username": username, "password": database.PASSWORD}
    expect(http.post("/login", data=login), 303)
    token = CSRF.search(expect(http.get("/help"), 200).text).group(1)
    for quiz_id in quiz_ids:
        expect(http.post(f"/quizzes/{quiz_id}/start", data={"csrf_token": token}), 303)
    return http, token


def live_session(app, username: str) -> tuple[int, int]:
    """A live session in its lobby, of a class `username` is in: (id, version)."""
    with app.app_context():
        user = db.session.execute(db.select(User).where(User.username == username)).scalar_one()
        classroom = Classroom(teacher_id=user.id, name="Cost", join_code="COST00001")
        db.session.add(classroom)
        db.session.flush()
        db.session.add(Membership(classroom_id=classroom.id, user_id=user.id))
        session = LiveSession(
            classroom_id=classroom.id, quiz_id=PRE_QUIZ, question_ids=[], join_code="COST01"
        )
        db.session.add(session)
        db.session.commit()
        return session.id, session.version


def live_class(app, names: list[str]) -> int:
    """A live session on the myth check that every one of `names` joined, its
    first question open: its id."""
    (teacher_name,) = database.seed_students(app, "costteacher", 1, role="teacher")
    with app.app_context():
        users = db.session.execute(db.select(User).where(User.username.in_(names))).scalars()
        teacher = db.session.execute(
            db.select(User).where(User.username == teacher_name)
        ).scalar_one()
        classroom = Classroom(teacher_id=teacher.id, name="Live", join_code="COST00002")
        db.session.add(classroom)
        db.session.commit()
        session = service.create_session(classroom, teacher.id, service.MYTH_CHECK, {})
        for user in list(users):
            service.join_session(session, user.id, None)
        service.control(session, "start", session.version)
        return session.id


def move_on(app, session_id: int) -> None:
    """The teacher's click on next: the following question opens."""
    with app.app_context():
        session = db.session.get(LiveSession, session_id)
        service.control(session, "next", session.version)


def live_answer_rounds(app, session_id: int, clients: list, most: int) -> list[list]:
    """Per question of the session, each student's answer (a client, its token and
    the form), at most `most` answers in all."""
    with app.app_context():
        question_ids = db.session.get(LiveSession, session_id).question_ids
        choices = {q: [c.id for c in snapshot.question(q).active_choices] for q in question_ids}
    rounds, left = [], most
    for question_id in question_ids:
        round_ = [
            (
                client,
                token,
                {"question_id": question_id, "choice": str(random.choice(choices[question_id]))}
                | {"certainty": str(random.randint(1, 3))},
            )
            for client, token in clients[:left]
        ]
        if round_:
            rounds.append(round_)
        left -= len(round_)
    return rounds


def measure(
    url: str, students: int, answers: int, requests: int, redis_url: str | None = None
) -> dict[str, float]:
    """Recreate the database at `url`, sign `students` in, and time each kind of request;
    the first student's requests stand for the page views, the class answers in turn."""
    database.recreate(url)
    if redis_url:
        redis.Redis.from_url(redis_url).flushdb()
    config = {"SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False}
    app = create_app(config | {"LIVE_REDIS_URL": redis_url} if redis_url else config)
    names = database.seed_students(app, "cost", students)
    quiz_ids = database.lesson_ids(app)
    signed_in = {name: signed_in_client(app, name, quiz_ids) for name in names}
    plan = database.answer_plan(app, names)
    queue = answer_queue(
        [SimpleNamespace(username=name) for name in names],
        [signed_in[name] for name in names],
        plan,
    )
    queued = [queue.get_nowait() for _ in range(min(answers, queue.qsize()))]
    http, _token = signed_in[names[0]]
    first_card = f"/attempts/{plan[names[0]][0]['attempt_id']}/questions/1"
    hello = hello_app.test_client()
    live_id, version = live_session(app, names[0])
    poll = f"/live/{live_id}/poll?v={version}"
    class_id = live_class(app, names)
    live_page = f"/live/{class_id}"
    if 'name="choice"' not in expect(http.get(live_page), 200).text:
        raise RuntimeError(f"{live_page}: no question open")

    def answer(entry):
        _student, (client, token), item = entry
        form = {"csrf_token": token} | {k: item[k] for k in ("question_id", "choice", "certainty")}
        expect(client.post(f"/attempts/{item['attempt_id']}/answer", data=form, headers=HTMX), 200)

    def live_answer(entry):
        client, token, form = entry
        expect(client.post(f"{live_page}/answer", data={"csrf_token": token} | form), 303)

    return {
        "hello world (bare Flask)": cpu_ms_each(
            lambda _: expect(hello.get("/"), 200), range(requests)
        ),
        "signed in, SELECT 1 (/healthz)": cpu_ms_each(
            lambda _: expect(http.get("/healthz"), 200), range(requests)
        ),
        "question card (htmx)": cpu_ms_each(
            lambda _: expect(http.get(first_card, headers=HTMX), 200), range(requests)
        ),
        "answer (htmx)": cpu_ms_each(answer, queued),
        "live poll, nothing new (204)": cpu_ms_each(
            lambda _: expect(http.get(poll), 204), range(requests)
        ),
        "live student page (question open)": cpu_ms_each(
            lambda _: expect(http.get(live_page), 200), range(requests)
        ),
        "live answer": cpu_ms_each_round(
            live_answer,
            live_answer_rounds(app, class_id, [signed_in[name] for name in names], answers),
            lambda: move_on(app, class_id),
        ),
    }


def main(argv=None) -> int:
    args = parse_args(argv)
    url = database.chosen_url(args)
    costs = measure(url, args.students, args.answers, args.requests, args.redis_url)
    hello = next(iter(costs.values()))
    where = args.redis_url or "the database"
    print(f"\n== CPU per request in one process, {url}, live poll from {where} ==")
    for name, cost in costs.items():
        print(f"{name:34} {cost:6.3f} ms  {cost / hello:5.1f} x hello world")
    return 0


if __name__ == "__main__":
    sys.exit(main())
