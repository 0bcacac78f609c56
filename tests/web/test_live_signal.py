"""The poll with Redis: answered from the mirror without a database statement, and
the mirror only ever moves forward."""

import pytest
import redis

from quizapp.live import signal
from tests.conftest import make_class, make_user, statements_sent
from tests.web.live_helpers import (
    REDIS_URL,
    first_lesson_quiz,
    lobby_of_one,
    mirror_in_redis,
    open_session,
    press,
    signed_in,
)


@pytest.fixture
def mirrored(app):
    return mirror_in_redis(app)


def statements_during(action) -> list[str]:
    with statements_sent() as sent:
        action()
    return sent


def test_a_poll_reads_redis_and_not_the_database(mirrored):
    lobby = lobby_of_one(mirrored)
    session, student = lobby["session"], lobby["student"]
    version = session.version
    url = f"/live/{session.id}/poll?v={version}"
    answers = []
    sent = statements_during(lambda: answers.append(student.client.get(url).status_code))
    assert answers == [204] and sent == []
    press(lobby["teacher"], session.id, "end")
    changed = student.client.get(url)
    assert changed.status_code == 200 and changed.json == {"v": version + 1}


def test_an_older_version_never_replaces_a_newer_one_in_redis(mirrored):
    client = redis.Redis.from_url(REDIS_URL)
    client.delete(signal.KEY.format(999999))
    with mirrored.test_request_context():
        signal.publish(999999, 5)
        signal.publish(999999, 4)
        assert signal.current_version(999999) == 5


def test_without_redis_the_poll_reads_one_small_row(app):
    teacher_user = make_user("teacher")
    classroom = make_class(teacher_user)
    teacher = signed_in(app, teacher_user)
    session = open_session(teacher, classroom.id, first_lesson_quiz())
    url = f"/live/{session.id}/poll?v={session.version}"
    sent = statements_during(lambda: teacher.client.get(url))
    selects = [s for s in sent if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 1 and "live_session.version" in selects[0]


def test_a_mirror_that_missed_a_change_catches_up_from_the_database(mirrored):
    teacher_user = make_user("teacher")
    classroom = make_class(teacher_user)
    teacher = signed_in(mirrored, teacher_user)
    session = open_session(teacher, classroom.id, first_lesson_quiz())
    version = session.version
    press(teacher, session.id, "start")
    redis.Redis.from_url(REDIS_URL).set(signal.KEY.format(session.id), version)
    current = teacher.client.get(f"/live/{session.id}/poll?v={version + 1}")
    assert current.status_code == 204
    assert int(redis.Redis.from_url(REDIS_URL).get(signal.KEY.format(session.id))) == version + 1
