"""Attempt integrity under real concurrent requests.

A threaded server on a private port serves the test database (a file SQLite
database, or PostgreSQL with TEST_DATABASE_URL); many HTTP clients fire at the
same moment. The database constraints, not Python checks, must keep one open
attempt, one answer per question and one score, and SQLite's BEGIN IMMEDIATE
must turn contention into waiting, never into "database is locked".
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
import sqlalchemy as sa
from werkzeug.serving import make_server

from quizapp.content import PRE_QUIZ
from quizapp.extensions import db
from quizapp.models import Answer, Attempt, ItemTally
from tests.conftest import CSRF_PATTERN, PASSWORD, make_user, statements_sent
from tests.web.helpers import choice, items, start

PARALLEL = 8


@pytest.fixture
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
    server.server_close()


class Browser:
    """A signed-in learner over real HTTP; `copy()` gives another tab of the same session."""

    def __init__(self, base: str, cookies=None, token: str | None = None):
        self.base, self.http = base, httpx.Client(base_url=base, cookies=cookies, timeout=60)
        self.token = token

    def login(self, user) -> "Browser":
        token = CSRF_PATTERN.search(self.http.get("/login").text).group(1)
        form = {"csrf_token": token, "username": user.username, "password": PASSWORD}
        assert self.http.post("/login", data=form).status_code == 303
        self.token = CSRF_PATTERN.search(self.http.get("/help").text).group(1)
        return self

    def copy(self) -> "Browser":
        return Browser(self.base, cookies=dict(self.http.cookies), token=self.token)

    def post(self, path: str, data: dict | None = None) -> httpx.Response:
        return self.http.post(path, data={"csrf_token": self.token, **(data or {})})

    def close(self) -> None:
        self.http.close()


def together(calls) -> list[httpx.Response]:
    """Run the calls at the same instant, each in its own thread and tab."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


@pytest.fixture
def browsers(live_server):
    opened = []

    def open_for(user) -> Browser:
        opened.append(Browser(live_server).login(user))
        return opened[-1]

    yield open_for
    for browser in opened:
        browser.close()


def _tabs(browser: Browser, n: int) -> list[Browser]:
    return [browser.copy() for _ in range(n)]


def _start(browser: Browser) -> int:
    response = browser.post(f"/quizzes/{PRE_QUIZ}/start")
    assert response.status_code == 303
    db.session.rollback()  # see what the server committed
    return int(response.headers["location"].rstrip("/").split("/")[-1])


def _answer_form(question_id: str) -> dict:
    return {"question_id": question_id, "choice": str(choice(question_id).id), "certainty": "2"}


def _statuses(responses) -> list[int]:
    return sorted(r.status_code for r in responses)


def test_parallel_starts_give_one_attempt(app, browsers, student):
    tabs = _tabs(browsers(student), PARALLEL)
    responses = together([lambda t=t: t.post(f"/quizzes/{PRE_QUIZ}/start") for t in tabs])
    assert _statuses(responses) == [303] * PARALLEL
    assert len({r.headers["location"] for r in responses}) == 1
    db.session.rollback()
    open_attempts = db.session.execute(
        sa.select(sa.func.count()).where(Attempt.user_id == student.id, Attempt.quiz_id == PRE_QUIZ)
    ).scalar()
    assert open_attempts == 1


def test_parallel_finishes_give_one_score(app, browsers, student):
    browser = browsers(student)
    attempt = _start(browser)
    questions = items(attempt)
    for question in questions:
        assert (
            browser.post(f"/attempts/{attempt}/answer", _answer_form(question)).status_code == 303
        )
    tabs = _tabs(browser, PARALLEL)

    responses = together([lambda t=t: t.post(f"/attempts/{attempt}/finish") for t in tabs])

    assert _statuses(responses) == [303] * PARALLEL
    db.session.rollback()
    finished = db.session.get(Attempt, attempt)
    assert finished.n_correct == len(questions)
    counted = db.session.execute(sa.select(sa.func.sum(ItemTally.answers))).scalar()
    assert counted == len(questions), "the attempt was counted in the item tally exactly once"


def test_parallel_answers_never_lock_and_never_duplicate(app, browsers):
    """Three learners answer every question at once, each answer sent twice."""
    learners = [make_user("student") for _ in range(3)]
    calls, attempts = [], {}
    for learner in learners:
        browser = browsers(learner)
        attempt = attempts[learner.id] = _start(browser)
        for question in items(attempt):
            for tab in _tabs(browser, 2):
                form = _answer_form(question)
                calls.append(lambda t=tab, a=attempt, f=form: t.post(f"/attempts/{a}/answer", f))

    responses = together(calls)

    assert _statuses(responses) == [303] * len(calls), [r.text[-300:] for r in responses]
    db.session.rollback()
    for attempt in attempts.values():
        saved = db.session.execute(
            sa.select(Answer.question_id).where(Answer.attempt_id == attempt)
        ).scalars()
        assert sorted(saved) == sorted(items(attempt))


def test_the_answer_that_finished_the_quiz_may_be_sent_again(app, browsers, student):
    browser = browsers(student)
    attempt = _start(browser)
    questions = items(attempt)
    second_tab = browser.copy()
    for question in questions:
        response = browser.post(f"/attempts/{attempt}/answer", _answer_form(question))
        assert response.status_code == 303
    db.session.rollback()
    before = db.session.execute(sa.select(sa.func.count(Answer.id))).scalar()

    again = second_tab.post(f"/attempts/{attempt}/answer", _answer_form(questions[-1]))

    assert again.status_code == 303, again.text[-300:]
    db.session.rollback()
    assert db.session.execute(sa.select(sa.func.count(Answer.id))).scalar() == before


def test_an_answer_after_finishing_is_refused(app, browsers, student):
    browser = browsers(student)
    attempt = _start(browser)
    questions = items(attempt)
    for question in questions[1:]:
        browser.post(f"/attempts/{attempt}/answer", _answer_form(question))
    late = browser.copy()
    browser.post(f"/attempts/{attempt}/answer", _answer_form(questions[0]))
    assert browser.post(f"/attempts/{attempt}/finish").status_code == 303
    db.session.rollback()
    before = db.session.execute(sa.select(sa.func.count(Answer.id))).scalar()

    changed_mind = _answer_form(questions[0]) | {"certainty": "3"}
    response = late.post(f"/attempts/{attempt}/answer", changed_mind)

    assert response.status_code == 409
    assert "already finished" in response.text
    db.session.rollback()
    assert db.session.execute(sa.select(sa.func.count(Answer.id))).scalar() == before


def _begins(send) -> list[str]:
    """The BEGIN statements the app's engine sends while `send()` runs."""
    with statements_sent() as sent:
        send()
    return [statement for statement in sent if statement.startswith("BEGIN")]


def _skip_unless_sqlite() -> None:
    if db.engine.dialect.name != "sqlite":
        pytest.skip("BEGIN IMMEDIATE is SQLite's")


def test_sqlite_writes_begin_immediate_and_reads_do_not(app, client, auth, student):
    _skip_unless_sqlite()
    auth.login(student)
    reads = _begins(lambda: client.get("/healthz"))
    writes = _begins(lambda: auth.post(f"/quizzes/{PRE_QUIZ}/start"))
    assert reads and set(reads) == {"BEGIN"}
    assert "BEGIN IMMEDIATE" in writes


def test_sqlite_a_view_that_writes_late_reads_before_it_takes_the_write_lock(
    app, client, auth, student
):
    _skip_unless_sqlite()
    logging_in = _begins(lambda: auth.login(student))
    attempt = start(auth, PRE_QUIZ)
    form = {"csrf_token": auth.csrf_token("/help"), **_answer_form(items(attempt)[0])}
    answering = _begins(lambda: client.post(f"/attempts/{attempt}/answer", data=form))
    assert logging_in and set(logging_in) == {"BEGIN"}
    assert answering[0] == "BEGIN" and "BEGIN IMMEDIATE" in answering


def test_sqlite_settings_are_the_apps_own_engines(app):
    _skip_unless_sqlite()
    elsewhere = sa.create_engine(db.engine.url)
    try:
        with elsewhere.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 0
    finally:
        elsewhere.dispose()
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
