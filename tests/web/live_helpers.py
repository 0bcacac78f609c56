"""Steps of a live session driven through its pages, as a teacher and students."""

import re

import pytest
import redis

from quizapp.content import QuizKind
from quizapp.extensions import db
from quizapp.live.models import LiveSession
from quizapp.models import Quiz
from tests.conftest import (
    PASSWORD,
    Auth,
    FreshContextClient,
    make_class,
    make_user,
    worker_redis_url,
)

# Redis for the live sessions' tests: a database of the worker's own (10 to 6), since
# each test database gives out session ids from 1 again.
REDIS_URL = worker_redis_url("TEST_LIVE_REDIS_URL", 10)
VERSION = re.compile(r'data-live-version="(\d+)"')
CHOICE = re.compile(r'name="choice"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="choice"')
QUESTION_ID = re.compile(
    r'name="question_id"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="question_id"'
)


def signed_in(app, user, password: str = PASSWORD) -> Auth:
    """A browser of its own, logged in as the user."""
    app.test_client_class = FreshContextClient
    auth = Auth(app.test_client())
    auth.login(user, password)
    return auth


def first_lesson_quiz() -> str:
    return (
        db.session.execute(
            db.select(Quiz.id).filter_by(kind=QuizKind.LESSON).order_by(Quiz.position)
        )
        .scalars()
        .first()
    )


def open_session(teacher: Auth, classroom_id: int, source: str, **options) -> LiveSession:
    data = {"source": source, "timer": options.pop("timer", 0), **options}
    response = teacher.post(f"/teach/classes/{classroom_id}/live/new", data)
    assert response.status_code == 303, response.get_data(as_text=True)
    session_id = int(response.location.split("/")[-2])
    return db.session.get(LiveSession, session_id)


def page_version(page: str) -> int:
    return int(VERSION.search(page).group(1))


def press(teacher: Auth, session_id: int, action: str, version: int | None = None):
    """Press a control as the projector shows it (with the version it shows)."""
    projector = teacher.client.get(f"/live/{session_id}/projector").get_data(as_text=True)
    assert f'value="{action}"' in projector, f"no {action} button on the projector"
    version = page_version(projector) if version is None else version
    return teacher.post(f"/live/{session_id}/control", {"action": action, "version": version})


def join(student: Auth, code: str, nickname: str = ""):
    page = student.client.get(f"/live/join/{code}")
    assert page.status_code == 200, page.get_data(as_text=True)
    return student.post(f"/live/join/{code}", {"nickname": nickname})


def answer_form(student: Auth, session_id: int) -> tuple[str, list[int]]:
    """The question id and choice ids of the form on the student's page."""
    page = student.client.get(f"/live/{session_id}").get_data(as_text=True)
    match = QUESTION_ID.search(page)
    assert match, page
    choices = [int(a or b) for a, b in CHOICE.findall(page)]
    return match.group(1) or match.group(2), choices


def answer(student: Auth, session_id: int, choice_index: int = 0, certainty: int = 3):
    question_id, choices = answer_form(student, session_id)
    data = {"question_id": question_id, "choice": choices[choice_index], "certainty": certainty}
    return student.post(f"/live/{session_id}/answer", data), question_id, choices


def mirror_in_redis(app):
    """The app with its live sessions mirrored in the tests' Redis (skipped without one)."""
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    app.config["LIVE_REDIS_URL"] = REDIS_URL
    return app


def lobby_of_one(app) -> dict:
    """A session a teacher opened on a lesson quiz and a student of the class, each
    signed in in a browser of their own."""
    teacher_user, student_user = make_user("teacher"), make_user()
    classroom = make_class(teacher_user, students=[student_user])
    teacher = signed_in(app, teacher_user)
    session = open_session(teacher, classroom.id, first_lesson_quiz())
    return {"teacher": teacher, "student": signed_in(app, student_user), "session": session}
