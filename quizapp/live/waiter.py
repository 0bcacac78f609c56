"""The live sessions' poll as a long poll, outside Flask: the waiter.

Every screen of a session asks `GET /live/<id>/poll?v=N`. Behind nginx that request
comes here (an aiohttp server run by gunicorn, waiter.conf.py) instead of to a sync
Flask worker. A signed-in phone whose version is out of date is answered at once,
as the Flask view answers it (200, `HX-Refresh: true`); one that is up to date
waits, holding no worker, until the teacher moves the session on (signal.py
announces each new version on a Redis channel, to which each waiter process keeps
one subscription) or until LIVE_WAIT_SECONDS pass (204). A thousand waiting phones
cost nothing until their session changes.

Whatever the waiter cannot answer from the signed cookie and Redis alone goes to
Flask, through nginx (`X-Accel-Redirect` to its named location @app): no session
cookie or no user in it, a forged one, no version in Redis, Redis away, or not yet
subscribed. The database stays the truth, and the 302 to the login page or the 404
of an unknown session are the app's own. `make run` has no waiter: there the Flask
view answers each poll at once, and the page asks again a second later.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import redis.asyncio as redis
from aiohttp import web
from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import BadData, URLSafeTimedSerializer

from ..security import security_headers
from . import signal

FLASK = "@app"
# redis-py pings an idle subscription this often, so a dead connection is noticed.
HEALTH_CHECK_SECONDS = 10
RESUBSCRIBE_SECONDS = 1.0
log = logging.getLogger(__name__)


class Changes:
    """One subscription per process to the channel announcing new versions, passed
    on to the polls waiting on each session."""

    def __init__(self, client: redis.Redis):
        self.client = client
        self.listening = False
        self._waiting: dict[int, set[asyncio.Future]] = defaultdict(set)

    @contextlib.contextmanager
    def watch(self, session_id: int) -> Iterator[asyncio.Future]:
        """A future the session's next announced version (or None: stop waiting)
        is set on. Taken before the version is read, so no change falls between."""
        future = asyncio.get_running_loop().create_future()
        self._waiting[session_id].add(future)
        try:
            yield future
        finally:
            waiting = self._waiting.get(session_id)
            if waiting is not None:
                waiting.discard(future)
                if not waiting:
                    del self._waiting[session_id]

    def wake(self, session_id: int, version: int | None) -> None:
        for future in self._waiting.pop(session_id, ()):
            if not future.done():
                future.set_result(version)

    def let_go(self) -> None:
        """Answer every waiting poll now: an announcement may have been missed (the
        subscription was lost) or the process is stopping."""
        for session_id in list(self._waiting):
            self.wake(session_id, None)

    async def listen(self) -> None:
        """Subscribe and pass each announcement on, for as long as the process runs;
        after an error, let every poll go and subscribe again."""
        said = False
        while True:
            try:
                await self._listen_once()
            except Exception as error:
                if self.listening or not said:
                    log.warning("live waiter: no subscription, polls go to the app: %r", error)
                said = True
            self.listening = False
            self.let_go()
            await asyncio.sleep(RESUBSCRIBE_SECONDS)

    async def _listen_once(self) -> None:
        async with self.client.pubsub() as pubsub:
            await pubsub.subscribe(signal.channel(self.client))
            while True:
                message = await pubsub.get_message(timeout=1.0)
                if message is not None:
                    self._take(message)

    def _take(self, message: dict) -> None:
        if message["type"] == "subscribe":
            # The first subscription, or redis-py's own after it reconnected: what
            # was announced in between is lost, so every waiting poll looks again.
            self.let_go()
            self.listening = True
        elif message["type"] == "message":
            try:
                session_id, version = signal.parse(message["data"])
            except ValueError:
                return
            self.wake(session_id, version)


@dataclass
class Waiter:
    """What a poll needs: the app's cookie signature, Redis, how long to wait."""

    cookie_name: str
    serializer: URLSafeTimedSerializer
    max_age: int
    wait_seconds: float
    headers: dict[str, str]
    redis_url: str
    client: redis.Redis | None = None
    changes: Changes | None = None

    @classmethod
    def of(cls, app: Flask) -> Waiter:
        """Read from the Flask app itself: its session cookie, checked as it checks it."""
        interface = app.session_interface
        if not isinstance(interface, SecureCookieSessionInterface):
            raise RuntimeError("the live waiter reads Flask's signed-cookie sessions only")
        return cls(
            cookie_name=interface.get_cookie_name(app),
            serializer=interface.get_signing_serializer(app),
            max_age=int(app.permanent_session_lifetime.total_seconds()),
            wait_seconds=float(app.config["LIVE_WAIT_SECONDS"]),
            headers=security_headers(app.config["HSTS"]),
            redis_url=app.config["LIVE_REDIS_URL"],
        )

    def signed_in(self, cookies) -> bool:
        """Whether the session cookie is the app's own and names a user, as the
        Flask view asks (it loads no user either)."""
        value = cookies.get(self.cookie_name)
        if not value or self.serializer is None:
            return False
        try:
            session = self.serializer.loads(value, max_age=self.max_age)
        except BadData:
            return False
        return isinstance(session, dict) and bool(session.get("_user_id"))

    async def version(self, session_id: int) -> int | None:
        value = await self.client.get(signal.KEY.format(session_id))
        return None if value is None else int(value)

    def ready(self) -> bool:
        return self.changes is not None and self.changes.listening


WAITER = web.AppKey("waiter", Waiter)


def hand_to_flask() -> web.Response:
    """nginx sends the same request on to the app (its named location @app)."""
    return web.Response(headers={"X-Accel-Redirect": FLASK})


def changed(waiter: Waiter, version: int) -> web.Response:
    headers = _headers(waiter, version) | {"HX-Refresh": "true"}
    return web.json_response({"v": version}, headers=headers)


def unchanged(waiter: Waiter, version: int) -> web.Response:
    return web.Response(status=204, headers=_headers(waiter, version))


def _headers(waiter: Waiter, version: int) -> dict[str, str]:
    return waiter.headers | {"X-Live-Version": str(version), "Cache-Control": "no-store"}


def _seen(request: web.Request) -> int | None:
    try:
        return int(request.query["v"])
    except (KeyError, ValueError):
        return None


async def poll(request: web.Request) -> web.StreamResponse:
    """200 with HX-Refresh when the version is not `v`; else wait for the next one
    (200) or LIVE_WAIT_SECONDS (204). Anything else is Flask's to answer."""
    waiter = request.app[WAITER]
    if not waiter.ready() or not waiter.signed_in(request.cookies):
        return hand_to_flask()
    session_id, seen = int(request.match_info["session_id"]), _seen(request)
    with waiter.changes.watch(session_id) as next_version:
        try:
            current = await waiter.version(session_id)
        except redis.RedisError:
            return hand_to_flask()
        if current is None or (seen is not None and current < seen):
            return hand_to_flask()
        if current != seen:
            return changed(waiter, current)
        try:
            announced = await asyncio.wait_for(next_version, waiter.wait_seconds)
        except TimeoutError:
            announced = None
    if announced is None or announced == seen:
        return unchanged(waiter, seen)
    return changed(waiter, announced)


async def health(request: web.Request) -> web.Response:
    """Up; `listening`: subscribed to Redis (false: every poll goes to the app)."""
    return web.json_response({"status": "ok", "listening": request.app[WAITER].ready()})


async def _connect(app: web.Application) -> AsyncIterator[None]:
    """Redis and the subscription for the life of the server."""
    waiter = app[WAITER]
    if not waiter.redis_url:
        log.warning("live waiter: LIVE_REDIS_URL is not set, so every poll goes to the app")
        yield
        return
    waiter.client = redis.Redis.from_url(
        waiter.redis_url,
        socket_connect_timeout=0.5,
        socket_timeout=2,
        health_check_interval=HEALTH_CHECK_SECONDS,
    )
    waiter.changes = Changes(waiter.client)
    listener = asyncio.create_task(waiter.changes.listen())
    yield
    listener.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await listener
    await waiter.client.aclose()


async def _let_go(app: web.Application) -> None:
    """Stopping: every waiting phone gets its 204 now and asks again (the app
    answers while no waiter runs)."""
    if app[WAITER].changes is not None:
        app[WAITER].changes.let_go()


def create_waiter(flask_app: Flask | None = None) -> web.Application:
    """The waiter's aiohttp application, for `flask_app` (by default the app
    `create_app()` makes from the environment, as gunicorn serves it)."""
    if flask_app is None:
        from .. import create_app

        flask_app = create_app()
    app = web.Application()
    app[WAITER] = Waiter.of(flask_app)
    app.router.add_get(r"/live/{session_id:\d+}/poll", poll)
    app.router.add_get("/healthz", health)
    app.cleanup_ctx.append(_connect)
    app.on_shutdown.append(_let_go)
    return app
