"""The waiter's fan-out of announced versions to the polls waiting on each session
(quizapp/live/waiter.py `Changes`), without Redis: the messages as redis-py gives them."""

import asyncio

from quizapp.live.waiter import Changes
from tests.conftest import run_apart


def _announce(changes: Changes, data: bytes) -> None:
    changes._take({"type": "message", "channel": b"c", "data": data, "pattern": None})


def _resubscribed(changes: Changes) -> None:
    changes._take({"type": "subscribe", "channel": b"c", "data": 1, "pattern": None})


async def _watch_two_sessions(step):
    """Polls waiting on sessions 7 and 8 while `step` runs: what each was told."""
    changes = Changes(client=None)
    _resubscribed(changes)
    with changes.watch(7) as seven, changes.watch(8) as eight:
        step(changes)
        await asyncio.sleep(0)
        return changes, [f.result() if f.done() else "waiting" for f in (seven, eight)]


def test_an_announcement_wakes_only_the_polls_of_its_session():
    changes, told = run_apart(lambda: _watch_two_sessions(lambda c: _announce(c, b"7 12")))
    assert told == [12, "waiting"] and changes.listening


def test_a_message_that_is_not_ours_wakes_no_one():
    _changes, told = run_apart(lambda: _watch_two_sessions(lambda c: _announce(c, b"hello")))
    assert told == ["waiting", "waiting"]


def test_a_new_subscription_lets_every_waiting_poll_look_again():
    """redis-py subscribes again by itself after a reconnect: whatever was announced
    in between is lost, so every waiting poll is answered now."""
    _changes, told = run_apart(lambda: _watch_two_sessions(_resubscribed))
    assert told == [None, None]
