"""Each live session's version number, mirrored in Redis so a phone's poll is
answered without the database, and announced on a Redis channel so the long poll
(waiter.py) wakes the moment it changes.

The database holds the truth; Redis holds a copy written after every commit that
changes a session. A missing or unreachable Redis is never an error: the poll then
reads the version from the database (one small indexed read) and puts it back.
"""

from __future__ import annotations

import logging

import redis
import redis.asyncio
from flask import current_app

from ..extensions import db
from .models import LiveSession

KEY = "mythcheck:live:{}:v"
# Channels belong to the whole Redis server, not to one of its numbered databases:
# the number in the name keeps two sites sharing a server (production and a test
# run) from waking each other's phones. Each message is "<session id> <version>".
CHANNEL = "mythcheck:live:db{}:changed"
# A mirror outlives any class period; an ended session's key goes after a day.
TTL_SECONDS = 24 * 3600
# Only ever raise the mirror: a poll putting back an older version it read from the
# database must not overwrite the newer one a teacher's change just wrote. Only a
# version that raised it is announced.
RAISE = """
local current = redis.call('GET', KEYS[1])
if not current or tonumber(current) < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
  redis.call('PUBLISH', ARGV[3], ARGV[4])
end
return 1
"""
_clients: dict[str, redis.Redis] = {}
log = logging.getLogger(__name__)


def _client() -> redis.Redis | None:
    url = current_app.config.get("LIVE_REDIS_URL")
    if not url:
        return None
    if url not in _clients:
        _clients[url] = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
    return _clients[url]


def channel(client: redis.Redis | redis.asyncio.Redis) -> str:
    """The channel announcing the versions written to `client`'s database."""
    return CHANNEL.format(client.connection_pool.connection_kwargs.get("db", 0))


def message(session_id: int, version: int) -> str:
    return f"{session_id} {version}"


def parse(message: bytes | str) -> tuple[int, int]:
    """The session id and version of a `message` (ValueError: not one of ours)."""
    session_id, version = message.split()
    return int(session_id), int(version)


def publish(session_id: int, version: int) -> None:
    """Write and announce the version after the commit that made it (never lowering
    the mirror)."""
    _write(session_id, version, only_raise=True)


def start(session_id: int, version: int) -> None:
    """A new session's first version, written over whatever the key held (and
    announced): an id the database gave out again (a deleted session, a database
    made anew) must not find the old session's higher number there."""
    _write(session_id, version, only_raise=False)


def _write(session_id: int, version: int, only_raise: bool) -> None:
    client = _client()
    if client is None:
        return
    key, news = KEY.format(session_id), message(session_id, version)
    try:
        if only_raise:
            client.eval(RAISE, 1, key, version, TTL_SECONDS, channel(client), news)
        else:
            client.pipeline().set(key, version, ex=TTL_SECONDS).publish(
                channel(client), news
            ).execute()
    except redis.RedisError as error:
        log.warning("live version not mirrored in Redis: %s", error)


def _from_database(session_id: int) -> int | None:
    return db.session.execute(
        db.select(LiveSession.version).where(LiveSession.id == session_id)
    ).scalar()


def current_version(session_id: int, seen: int | None = None) -> int | None:
    """The session's version (None: no such session), from Redis when it has it. A
    mirror older than the version a page already `seen` missed a write while Redis
    was away: the database answers, and the mirror catches up."""
    client = _client()
    if client is not None:
        try:
            cached = client.get(KEY.format(session_id))
        except redis.RedisError:
            cached = None
        if cached is not None and (seen is None or int(cached) >= seen):
            return int(cached)
    version = _from_database(session_id)
    if version is not None:
        publish(session_id, version)
    return version
