"""The long poll outside Flask (quizapp/live/waiter.py), served on a port of its own
beside the test app: what it answers itself, how soon a teacher's click wakes it, and
everything it hands to Flask (`X-Accel-Redirect: @app`, which nginx follows)."""

import asyncio
import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
import redis
from aiohttp import web
from flask import Flask
from flask.sessions import SecureCookieSessionInterface

from quizapp.live import signal
from quizapp.live.waiter import FLASK, create_waiter
from tests.web.live_helpers import (
    REDIS_URL,
    lobby_of_one,
    mirror_in_redis,
    press,
)

WAIT_SECONDS = 1.5


@contextlib.contextmanager
def serving(app, subscribed: bool = True) -> Iterator[str]:
    """The waiter for `app` on a free port, its event loop on a thread of its own;
    yields its address (once it is `subscribed` to Redis)."""
    loop = asyncio.new_event_loop()
    started: list = []
    runner = web.AppRunner(create_waiter(app))

    async def start() -> None:
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        started.append(runner.addresses[0][1])

    def run() -> None:
        loop.run_until_complete(start())
        loop.run_forever()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not started and time.monotonic() < deadline:
        time.sleep(0.01)
    url = f"http://127.0.0.1:{started[0]}"
    try:
        if subscribed:
            _wait_until_listening(url)
        yield url
    finally:
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


def _wait_until_listening(url: str) -> None:
    deadline = time.monotonic() + 10
    while not httpx.get(f"{url}/healthz").json()["listening"]:
        assert time.monotonic() < deadline, "the waiter never subscribed"
        time.sleep(0.02)


@pytest.fixture
def mirrored(app):
    mirror_in_redis(app).config["LIVE_WAIT_SECONDS"] = WAIT_SECONDS
    return app


@pytest.fixture
def lobby(mirrored):
    return lobby_of_one(mirrored)


@pytest.fixture
def waiter(mirrored):
    with serving(mirrored) as url:
        yield url


def cookie_of(browser) -> dict[str, str]:
    return {"session": browser.client.get_cookie("session").value}


def poll(url: str, session_id: int, version, cookies: dict | None = None) -> httpx.Response:
    return httpx.get(
        f"{url}/live/{session_id}/poll", params={"v": version}, cookies=cookies, timeout=10
    )


def handed_to_flask(response: httpx.Response) -> bool:
    return response.headers.get("x-accel-redirect") == FLASK


def test_a_changed_version_is_answered_at_once_as_the_flask_view_answers(lobby, waiter):
    session, student = lobby["session"], lobby["student"]
    stale = session.version - 1
    started = time.monotonic()
    answer = poll(waiter, session.id, stale, cookie_of(student))
    assert time.monotonic() - started < 0.5
    flask = student.client.get(f"/live/{session.id}/poll?v={stale}")
    assert answer.status_code == flask.status_code == 200
    assert answer.json() == flask.json == {"v": session.version}
    for name in ("HX-Refresh", "X-Live-Version", "Cache-Control", "X-Content-Type-Options"):
        assert answer.headers[name] == flask.headers[name], name
    assert answer.headers["content-type"].startswith(flask.headers["Content-Type"])


def test_an_unchanged_version_waits_and_wakes_when_the_teacher_moves_on(lobby, waiter):
    session, student, version = lobby["session"], lobby["student"], lobby["session"].version
    with ThreadPoolExecutor(1) as pool:
        waiting = pool.submit(poll, waiter, session.id, version, cookie_of(student))
        time.sleep(0.3)
        assert not waiting.done(), "answered before anything changed"
        clicked = time.monotonic()
        press(lobby["teacher"], session.id, "start")
        answer = waiting.result(timeout=5)
    assert time.monotonic() - clicked < 0.3
    assert answer.status_code == 200 and answer.headers["HX-Refresh"] == "true"
    assert answer.json() == {"v": version + 1}


def test_nothing_changing_for_the_wait_is_a_204(lobby, waiter):
    session, student = lobby["session"], lobby["student"]
    started = time.monotonic()
    answer = poll(waiter, session.id, session.version, cookie_of(student))
    waited = time.monotonic() - started
    assert answer.status_code == 204 and WAIT_SECONDS <= waited < WAIT_SECONDS + 0.5
    assert answer.headers["X-Live-Version"] == str(session.version)
    assert answer.headers["Cache-Control"] == "no-store"


def test_another_sessions_change_does_not_wake_the_poll(lobby, waiter):
    session, student = lobby["session"], lobby["student"]
    with ThreadPoolExecutor(1) as pool:
        waiting = pool.submit(poll, waiter, session.id, session.version, cookie_of(student))
        time.sleep(0.3)
        with lobby["teacher"].client.application.test_request_context():
            signal.publish(session.id + 1000, 7)
        time.sleep(0.3)
        assert not waiting.done()
        assert waiting.result(timeout=5).status_code == 204


@pytest.mark.parametrize("who", ["no cookie", "forged", "tampered", "signed out"])
def test_a_poll_without_a_signed_in_user_goes_to_flask(lobby, waiter, who):
    session, student = lobby["session"], lobby["student"]
    value = cookie_of(student)["session"]
    cookies = {
        "no cookie": None,
        "forged": {"session": _forged_payload(student.client.application, value)},
        "tampered": {"session": "x" + value[1:]},
        "signed out": _signed_out_cookie(lobby["student"]),
    }[who]
    answer = poll(waiter, session.id, session.version - 1, cookies)
    assert handed_to_flask(answer) and "HX-Refresh" not in answer.headers


def _forged_payload(app, value: str) -> str:
    """The cookie's own session, signed as Flask signs it but with another key."""
    session = app.session_interface.get_signing_serializer(app).loads(value)
    forger = Flask("forger")
    forger.secret_key = "not-the-app-key"
    return SecureCookieSessionInterface().get_signing_serializer(forger).dumps(session)


def _signed_out_cookie(browser) -> dict[str, str]:
    """A genuine session cookie with no user in it (after logging out)."""
    browser.logout()
    return cookie_of(browser)


def test_a_session_with_no_version_in_redis_goes_to_flask(lobby, waiter):
    session, student = lobby["session"], lobby["student"]
    redis.Redis.from_url(REDIS_URL).delete(signal.KEY.format(session.id))
    answer = poll(waiter, session.id, session.version, cookie_of(student))
    assert handed_to_flask(answer)


def test_a_mirror_older_than_the_page_goes_to_flask(lobby, waiter):
    session, student = lobby["session"], lobby["student"]
    answer = poll(waiter, session.id, session.version + 1, cookie_of(student))
    assert handed_to_flask(answer)


def test_with_redis_away_every_poll_goes_to_flask(lobby):
    app = lobby["student"].client.application
    app.config["LIVE_REDIS_URL"] = f"redis://127.0.0.1:{_closed_port()}/0"
    session, student = lobby["session"], lobby["student"]
    with serving(app, subscribed=False) as url:
        answer = poll(url, session.id, session.version, cookie_of(student))
        assert handed_to_flask(answer)
        assert httpx.get(f"{url}/healthz").json() == {"status": "ok", "listening": False}


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_stopping_lets_every_waiting_poll_go_at_once(lobby, mirrored):
    session, student = lobby["session"], lobby["student"]
    mirrored.config["LIVE_WAIT_SECONDS"] = 30
    with ThreadPoolExecutor(1) as pool, serving(mirrored) as url:
        waiting = pool.submit(poll, url, session.id, session.version, cookie_of(student))
        time.sleep(0.3)
        stopped = time.monotonic()
    assert waiting.result(timeout=5).status_code == 204
    assert time.monotonic() - stopped < 5
