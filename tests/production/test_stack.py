"""Production as it runs: MYTHCHECK_ENV=production, gunicorn, the answers' own
gunicorn and the live sessions' waiter behind our own nginx
(deploy/nginx/mythcheck.conf), each on a port of its own, a fresh SQLite database,
and Redis for the live sessions when it runs.

Skipped, saying why, when Debian's nginx is missing (`.ci/run` installs it).
"""

import asyncio
import contextlib
import os
import socket
import subprocess
import threading
import time
from pathlib import Path

import httpx
import pytest
import redis

from bench import live_setup
from bench.database import PASSWORD, recreate
from bench.live_people import Student, Teacher, Timeline
from bench.phone import Phone
from bench.servers import Gunicorn, answer_pool, waiter
from bench.slow_clients import measure, production_env
from bench.tools import tool
from deploy.serve_prod import NGINX, Nginx
from quizapp import create_app
from quizapp.extensions import db
from quizapp.live import signal
from tests.conftest import ROOT, run_apart, worker_redis_url
from tests.databases import load

APP_PORT = int(os.environ.get("TEST_STACK_APP_PORT", "5205"))
PROXY_PORT = int(os.environ.get("TEST_STACK_PROXY_PORT", "8205"))
WAITER_PORT = int(os.environ.get("TEST_STACK_WAITER_PORT", str(APP_PORT + 1)))
ANSWERS_PORT = int(os.environ.get("TEST_STACK_ANSWERS_PORT", str(APP_PORT + 2)))
REDIS_URL = worker_redis_url("TEST_LIVE_REDIS_URL", 10)
WAIT_SECONDS = 3
PRODUCTION_APP = "quizapp:create_app()"

# One stack on fixed ports: pytest-xdist (--dist loadscope) runs a module in one process.
# The servers of a single test take free ports, so the two fixed ones may be neighbours.


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


pytestmark = pytest.mark.skipif(not Path(NGINX).exists(), reason=f"no nginx at {NGINX}")


@pytest.fixture(scope="module")
def stack_database_url(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('stack') / 'stack.db'}"
    recreate(url)
    return url


@pytest.fixture(scope="module")
def stack(stack_database_url, tmp_path_factory):
    logs = tmp_path_factory.mktemp("stack-logs")
    env = production_env(stack_database_url) | {
        "LIVE_REDIS_URL": REDIS_URL,
        "LIVE_WAIT_SECONDS": str(WAIT_SECONDS),
    }
    nginx = Nginx(
        f"127.0.0.1:{PROXY_PORT}",
        f"127.0.0.1:{APP_PORT}",
        logs / "nginx",
        f"127.0.0.1:{WAITER_PORT}",
        f"127.0.0.1:{ANSWERS_PORT}",
    )
    polls = waiter(WAITER_PORT, logs, "stack-waiter", env)
    answering = answer_pool(PRODUCTION_APP, ANSWERS_PORT, logs, "stack", env)
    with Gunicorn(PRODUCTION_APP, APP_PORT, logs, "stack", env) as app, answering, polls, nginx:
        app.answers = answering
        yield app


@pytest.fixture
def proxy():
    with httpx.Client(base_url=f"http://127.0.0.1:{PROXY_PORT}", timeout=10) as http:
        yield http


def test_health_answers_through_the_proxy_while_slow_clients_trickle(stack):
    figures = measure(PROXY_PORT, f"http://127.0.0.1:{PROXY_PORT}", 8, seconds=4, every=1.0)
    assert figures.clients_connected == 8
    assert figures.checks and figures.failures == 0, figures.summary("through nginx")


def test_static_files_come_from_nginx_with_a_year_of_cache(stack, proxy):
    page = proxy.get("/login").text
    css = page.split('href="', 2)[1].split('"')[0] if "app.css" in page else ""
    assert "/static/css/app.css?v=" in css
    response = proxy.get(css)
    assert response.status_code == 200
    assert "max-age=31536000" in response.headers["cache-control"]
    assert "x-request-id" not in response.headers, "served by nginx, not by a gunicorn worker"


def test_a_big_body_is_refused_at_the_proxy_with_a_friendly_page(stack, proxy):
    response = proxy.post("/login", content=b"x" * 300_000)
    assert response.status_code == 413
    assert "nothing was saved" in response.text


def test_a_login_through_the_proxy_is_logged_without_an_address(stack, proxy):
    page = proxy.get("/login")
    assert "secure" in page.headers["set-cookie"].lower(), "production cookies are Secure"
    # Over plain http here, so the Secure cookie is sent by hand (a browser sends it on https).
    cookie = page.headers["set-cookie"].split(";")[0]
    token = page.text.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = proxy.post(
        "/login",
        data={"csrf_token": token, "username": "nobody-here", "password": "wrong password"},
        headers={"X-Forwarded-For": "203.0.113.99", "Cookie": cookie},
    )
    assert response.status_code == 422
    log = _access_log_once_it_has(stack, '"POST /login" 422')
    assert "127.0.0.1" not in log and "203.0.113.99" not in log


def _flask(command: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [tool("flask"), command],
        env={**os.environ, "FLASK_APP": "quizapp", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def _access_log_once_it_has(server: Gunicorn, text: str, seconds: float = 10) -> str:
    """The access log, read again until `text` is in it: a worker writes its line
    just after the response has gone."""
    deadline = time.monotonic() + seconds
    while text not in (log := server.access_log.read_text()) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert text in log
    return log


def test_production_refuses_a_database_with_demo_accounts(
    stack_database_url, seeded_demo, tmp_path
):
    production = production_env(stack_database_url)
    _load_the_seeded_demo(seeded_demo, stack_database_url)
    seeded = _flask("seed-demo", {"DATABASE_URL": stack_database_url})
    assert seeded.returncode == 0 and "Demo accounts ready" in seeded.stdout
    demo = Gunicorn(PRODUCTION_APP, free_port(), tmp_path, "demo", production)
    with pytest.raises(RuntimeError, match="gunicorn exited"):
        demo.__enter__()
    assert "flask remove-demo" in demo.output_log.read_text() + demo.error_log.read_text()
    seeded = _flask("seed-demo", production)
    assert seeded.returncode != 0 and "never created in production" in seeded.stderr
    removed = _flask("remove-demo", production)
    assert removed.returncode == 0 and "demo-admin" in removed.stdout


def _load_the_seeded_demo(snapshot, url: str) -> None:
    """The rows `flask seed-demo` made in this session (tests/databases.py): the
    demo class takes seconds of CPU to make again."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        load(snapshot)
        db.engine.dispose()


def test_answers_go_to_the_answers_own_workers_and_pages_do_not(stack, proxy):
    """A class's thirty page loads after a click never stand between a phone and its
    answer: the answers have gunicorn workers of their own."""
    for path in ("/live/7/answer", "/attempts/7/answer"):
        proxy.post(path, data={"choice": "1"})
    proxy.get("/live/7")
    answers_log = _access_log_once_it_has(stack.answers, '"POST /attempts/<id>/answer"')
    assert '"POST /live/<id>/answer"' in answers_log
    app_log = _access_log_once_it_has(stack, '"GET /live/<id>"')
    assert "/answer" not in app_log
    assert '"GET /live/<id>"' not in answers_log


def _nginx_with_one_server_gone(tmp_path, gone: str) -> tuple[Nginx, int]:
    """nginx in front of the stack on a port of its own, with its `gone` server ("waiter"
    or "answers") listening nowhere; and that port."""
    port = free_port()
    servers = {"waiter": WAITER_PORT, "answers": ANSWERS_PORT, gone: free_port()}
    addresses = [f"127.0.0.1:{servers[name]}" for name in ("waiter", "answers")]
    return Nginx(f"127.0.0.1:{port}", f"127.0.0.1:{APP_PORT}", tmp_path / "nginx", *addresses), port


def test_with_the_answers_workers_down_the_app_takes_the_answers(stack, tmp_path):
    nginx, port = _nginx_with_one_server_gone(tmp_path, "answers")
    with nginx:
        response = httpx.post(f"http://127.0.0.1:{port}/live/8/answer", data={"choice": "1"})
    assert response.status_code == 302 and "/login" in response.headers["location"]
    _access_log_once_it_has(stack, '"POST /live/<id>/answer" 302')


class DyingWorker:
    """A server that takes each request and closes its connection without a word, as
    a gunicorn worker killed mid-request does; it counts the requests it took."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.address = f"127.0.0.1:{self.listener.getsockname()[1]}"
        self.taken = 0
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        with contextlib.suppress(OSError):
            while True:
                connection, _ = self.listener.accept()
                with connection:
                    connection.recv(65536)
                    self.taken += 1

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.listener.close()


def _nginx_with(tmp_path, upstream: str, answers: str) -> tuple[Nginx, int]:
    port = free_port()
    waiter_address = f"127.0.0.1:{WAITER_PORT}"
    return Nginx(f"127.0.0.1:{port}", upstream, tmp_path / "nginx", waiter_address, answers), port


def test_a_page_whose_worker_dies_is_loaded_from_the_answers_gunicorn(stack, tmp_path):
    assert '"GET /login"' not in stack.answers.access_log.read_text()
    with DyingWorker() as dying:
        nginx, port = _nginx_with(tmp_path, dying.address, f"127.0.0.1:{ANSWERS_PORT}")
        with nginx:
            response = httpx.get(f"http://127.0.0.1:{port}/login")
    assert dying.taken == 1
    assert response.status_code == 200 and 'name="password"' in response.text
    _access_log_once_it_has(stack.answers, '"GET /login" 200')


def test_an_answer_whose_worker_dies_is_sent_again_to_the_app(stack, tmp_path):
    with DyingWorker() as dying:
        nginx, port = _nginx_with(tmp_path, f"127.0.0.1:{APP_PORT}", dying.address)
        with nginx:
            response = httpx.post(f"http://127.0.0.1:{port}/live/9/answer", data={"choice": "1"})
    assert dying.taken == 1
    assert response.status_code == 302 and "/login" in response.headers["location"]
    _access_log_once_it_has(stack, '"POST /live/<id>/answer" 302')


def test_a_teachers_click_whose_worker_dies_is_sent_again_to_the_answers_gunicorn(stack, tmp_path):
    with DyingWorker() as dying:
        nginx, port = _nginx_with(tmp_path, dying.address, f"127.0.0.1:{ANSWERS_PORT}")
        with nginx:
            response = httpx.post(
                f"http://127.0.0.1:{port}/live/9/control", data={"action": "next"}
            )
    assert dying.taken == 1
    assert response.status_code == 302 and "/login" in response.headers["location"]
    _access_log_once_it_has(stack.answers, '"POST /live/<id>/control" 302')


def test_a_form_whose_worker_dies_is_not_sent_again(stack, tmp_path):
    """Only what is safe to repeat goes to the other gunicorn: a login, a new class or
    a reset password whose worker died says it was not saved."""
    with DyingWorker() as dying:
        nginx, port = _nginx_with(tmp_path, dying.address, f"127.0.0.1:{ANSWERS_PORT}")
        with nginx:
            response = httpx.post(f"http://127.0.0.1:{port}/register", data={"username": "x"})
    assert dying.taken == 1
    assert response.status_code == 502 and "not saved" in response.text
    assert '"POST /register"' not in stack.answers.access_log.read_text()


def test_a_post_the_app_never_answers_says_not_saved(tmp_path):
    """gunicorn gone (a restart, a crash): nginx's 502 page says the answer was not saved."""
    port, nothing_there = free_port(), free_port()
    with Nginx(f"127.0.0.1:{port}", f"127.0.0.1:{nothing_there}", tmp_path / "nginx"):
        response = httpx.post(f"http://127.0.0.1:{port}/attempts/1/answer", data={"choice": "1"})
    assert response.status_code == 502
    assert "not saved" in response.text


@pytest.fixture(scope="module")
def live_class(stack, stack_database_url):
    """An app on the stack's database, and a teacher with a class of two, once the
    waiter listens to Redis."""
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    deadline = time.monotonic() + 10
    while not httpx.get(f"http://127.0.0.1:{WAITER_PORT}/healthz").json()["listening"]:
        assert time.monotonic() < deadline, "the waiter never subscribed to Redis"
        time.sleep(0.05)
    app = create_app({"SQLALCHEMY_DATABASE_URI": stack_database_url})
    (seeded,) = live_setup.seed_classes(app, 1, 2)
    yield app, seeded
    with app.app_context():
        db.engine.dispose()


@contextlib.asynccontextmanager
async def _class_in_the_lobby(app, seeded: live_setup.SeededClass):
    """A session the teacher opened and a student joined, over the proxy; their
    connections closed afterwards."""
    timeline = Timeline()
    teacher = Teacher(Phone("127.0.0.1", PROXY_PORT), seeded.teacher, seeded.classroom_id, timeline)
    await teacher.open_session(PASSWORD, "myth-check")
    student = Student(Phone("127.0.0.1", PROXY_PORT), seeded.students[0], timeline)
    try:
        await student.join(PASSWORD, live_setup.join_code(app, teacher.session_id))
        yield teacher, student
    finally:
        await teacher.phone.close()
        await student.phone.close()


def test_a_phones_long_poll_wakes_as_soon_as_the_teacher_moves_on(live_class):
    async def scenario():
        async with _class_in_the_lobby(*live_class) as (teacher, student):
            path = f"/live/{student.session_id}/poll?v={student.version}"
            waiting = asyncio.create_task(student.phone.get(path))
            await asyncio.sleep(1)
            held = not waiting.done()
            clicked = time.perf_counter()
            await teacher.click("start")
            answer = await waiting
            return held, time.perf_counter() - clicked, answer, student.version

    held, woke_after, answer, version = run_apart(scenario)
    assert held, "the poll was answered before anything changed"
    assert answer.status == 200 and answer.headers["hx-refresh"] == "true"
    assert answer.headers["x-live-version"] == str(version + 1)
    assert woke_after < 0.5


def test_a_poll_the_waiter_cannot_answer_is_answered_by_flask(live_class):
    async def scenario():
        async with _class_in_the_lobby(*live_class) as (_teacher, student):
            redis.Redis.from_url(REDIS_URL).delete(signal.KEY.format(student.session_id))
            started = time.perf_counter()
            path = f"/live/{student.session_id}/poll?v={student.version}"
            answer = await student.phone.get(path)
            return student, time.perf_counter() - started, answer

    student, took, answer = run_apart(scenario)
    assert answer.status == 204 and took < WAIT_SECONDS / 2, "Flask answers at once"
    assert answer.headers["x-live-version"] == str(student.version)
    mirrored = redis.Redis.from_url(REDIS_URL).get(signal.KEY.format(student.session_id))
    assert mirrored == str(student.version).encode(), "Flask put the version back"


def test_a_poll_without_a_login_gets_flasks_redirect_through_the_waiter(live_class, proxy):
    response = proxy.get("/live/1/poll?v=1")
    assert response.status_code == 302 and response.headers["location"].endswith("/login")


def test_with_the_waiter_down_the_app_answers_the_polls(stack, tmp_path):
    nginx, port = _nginx_with_one_server_gone(tmp_path, "waiter")
    with nginx:
        response = httpx.get(f"http://127.0.0.1:{port}/live/1/poll?v=1")
    assert response.status_code == 302 and response.headers["location"].endswith("/login")
