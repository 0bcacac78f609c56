"""Hypothesis fuzzing (ASVS 2.2.1 input validation): hostile values
in every form field, query parameter and route parameter never give a 500, and a
rejected answer saves nothing."""

import importlib
import io
import pkgutil
import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_wtf import FlaskForm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import quizapp
from quizapp.content import PRE_QUIZ
from quizapp.extensions import db
from quizapp.models import Answer, Choice, MythBelief
from tests.security.world import PARAMS, ROLES, build_world, routes, url_for_actor
from tests.web.helpers import items

FUZZ = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
NASTY = [
    "",
    " ",
    "0",
    "-1",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "null",
    "\x00",
    "a\x00b",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "{{7*7}}",
    "٣",
    "\u202egnp.exe",
    "x" * 5000,
    "2026-02-30",
    "9999-12-31",
]
values = st.one_of(
    st.sampled_from(NASTY),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.text(max_size=60),
)
ARGS_PATTERN = re.compile(r"request\.args\.get\(\s*[\"'](\w+)[\"']")


def _form_fields() -> list[str]:
    """Field names of every form defined anywhere in the quizapp package."""
    for module in pkgutil.walk_packages(quizapp.__path__, "quizapp."):
        importlib.import_module(module.name)
    names, pending = set(), list(FlaskForm.__subclasses__())
    while pending:
        form = pending.pop()
        pending.extend(form.__subclasses__())
        names.update(name for name, value in vars(form).items() if hasattr(value, "field_class"))
    return sorted(names - {"csrf_token", "submit"})


def _query_names() -> list[str]:
    source = "\n".join(p.read_text() for p in Path(quizapp.__file__).parent.rglob("*.py"))
    return sorted(set(ARGS_PATTERN.findall(source)) | set(_form_fields()) | {"page"})


@pytest.fixture
def world(app):
    return build_world(app)


def _actor_for(endpoint: str) -> str:
    if endpoint.startswith(("teach.", "admin.")):
        return "admin" if endpoint.startswith("admin.") else "teacher"
    return "student"


def _assert_no_500(problems: list, label: str, response) -> None:
    if response.status_code >= 500:
        problems.append(f"{label}: {response.status_code}")


def test_form_names_are_found(app):
    assert {"question_id", "choice", "certainty", "username", "password"} <= set(_form_fields())


@FUZZ
@given(data=st.dictionaries(st.sampled_from(_form_fields()), values, max_size=6))
def test_every_post_route_survives_hostile_form_data(app, world, data):
    problems = []
    for rule, method in routes(app):
        if method != "POST" or rule.endpoint in ("auth.logout", "account.delete"):
            continue
        actor = _actor_for(rule.endpoint)
        url = url_for_actor(app, world, rule, actor)
        form = {**data, "csrf_token": world.token(actor)}
        _assert_no_500(problems, rule.endpoint, world.clients[actor].post(url, data=form))
    assert not problems, f"500 for form data {data!r}: {problems}"


@FUZZ
@given(query=st.dictionaries(st.sampled_from(_query_names()), values, max_size=4))
def test_every_get_route_survives_hostile_query_strings(app, world, query):
    problems = []
    for rule, method in routes(app):
        if method != "GET" or rule.endpoint == "static":
            continue
        for actor in ROLES:
            url = url_for_actor(app, world, rule, actor)
            response = world.clients[actor].get(url, query_string=query)
            response.close()
            _assert_no_500(problems, f"{rule.endpoint} as {actor}", response)
    assert not problems, f"500 for query {query!r}: {problems}"


@FUZZ
@given(number=st.integers(min_value=0, max_value=2**80), text=values)
def test_every_route_survives_hostile_route_parameters(app, world, number, text):
    problems = []
    for rule, method in routes(app):
        if not rule.arguments or rule.endpoint == "static":
            continue
        actor = _actor_for(rule.endpoint)
        path = _fill(app, world, rule, actor, number, text)
        client = world.clients[actor]
        if method == "GET":
            response = client.get(path)
        else:
            response = client.post(path, data={"csrf_token": world.token(actor)})
        _assert_no_500(problems, f"{method} {path[:80]}", response)
    assert not problems, problems


def _fill(app, world, rule, actor, number: int, text: str) -> str:
    """The route's URL with every parameter replaced by the hostile value of its type."""
    from flask import url_for

    values = {}
    for name in rule.arguments:
        kind = type(rule._converters[name]).__name__
        if kind == "AnyConverter":  # a fixed list of words: nothing to fuzz
            values[name] = PARAMS[name](world, actor)
        else:
            values[name] = number if kind.endswith("IntConverter") else (text or "x")
    with app.test_request_context():
        return url_for(rule.endpoint, **values)


def _as_int(value: str) -> int | None:
    try:
        return int(value)
    except ValueError:
        return None


def _choice_ids(question_id: str) -> set[int]:
    return set(
        db.session.execute(sa.select(Choice.id).filter_by(question_id=question_id)).scalars()
    )


def _learning_rows() -> tuple[int, int]:
    db.session.rollback()
    answers = db.session.execute(sa.select(sa.func.count(Answer.id))).scalar()
    beliefs = db.session.execute(sa.select(sa.func.count()).select_from(MythBelief)).scalar()
    return answers, beliefs


@FUZZ
@given(question=values, choice=values, certainty=values)
def test_a_hostile_answer_is_refused_clearly_and_saves_nothing(
    app, world, question, choice, certainty
):
    client = world.clients["student"]
    attempt = world.objects["attempts"]["student"]
    real_question = items(attempt)[0]
    before = _learning_rows()
    if _as_int(choice) in _choice_ids(real_question) and _as_int(certainty) in (1, 2, 3):
        return  # a real, valid answer: not what this test is about
    for question_id in (question, real_question):
        response = client.post(
            f"/attempts/{attempt}/answer",
            data={
                "csrf_token": world.token("student"),
                "question_id": question_id,
                "choice": choice,
                "certainty": certainty,
            },
        )
        assert response.status_code in (400, 422), (question_id, choice, certainty)
        body = response.get_data(as_text=True)
        assert "nothing was saved" in body or "Pick an answer" in body or "how sure" in body
    assert _learning_rows() == before


def test_the_pre_quiz_is_what_the_world_started(world):
    """Guard for the answer fuzz: the attempt it posts to is the student's pre quiz."""
    from quizapp.models import Attempt

    attempt = db.session.get(Attempt, world.objects["attempts"]["student"])
    assert attempt.quiz_id == PRE_QUIZ and attempt.user_id == world.users["student"].id


DEEP_JSON = "[" * 30_000 + "]" * 30_000  # under the 64 KB limit, far past recursion
MULTIPART = "multipart/form-data"
# Made afresh for each request: the test client closes the files it sent.
BODY_SHAPES = {
    "json": lambda: {"json": {"username": 12345, "password": ["x"], "choice": {"a": None}}},
    "deep json": lambda: {"data": DEEP_JSON, "content_type": "application/json"},
    "deep form keys": lambda: {"data": {"a" + "[x]" * 2000: "1", "username": "[" * 5000}},
    "multipart file in a field": lambda: {
        "data": {"username": (io.BytesIO(b"abc"), "a.txt"), "password": (io.BytesIO(b"x"), "p")},
        "content_type": MULTIPART,
    },
    "multipart oversized": lambda: {
        "data": {"username": "x", "blob": (io.BytesIO(b"x" * 200_000), "big.bin")},
        "content_type": MULTIPART,
    },
    "oversized form": lambda: {"data": {"username": "x" * 200_000}},
    "oversized raw": lambda: {"data": b"x" * 200_000, "content_type": "application/octet-stream"},
}


@pytest.mark.parametrize("shape", BODY_SHAPES)
def test_every_post_route_survives_hostile_body_shapes(app, world, shape):
    """JSON, multipart, deeply nested and oversized bodies, anonymous and signed in:
    never a 500, and what no form sends is refused (400, 413, 415) or a form error."""
    problems = []
    for rule, method in routes(app):
        if method != "POST" or rule.endpoint in ("auth.logout", "account.delete"):
            continue
        for actor in ("anon", _actor_for(rule.endpoint)):
            url = url_for_actor(app, world, rule, actor)
            body = BODY_SHAPES[shape]()
            if isinstance(body.get("data"), dict):
                body["data"]["csrf_token"] = world.token(actor)
            response = world.clients[actor].post(
                url, headers={"X-CSRFToken": world.token(actor)}, **body
            )
            _assert_no_500(problems, f"{rule.endpoint} as {actor}", response)
    assert not problems, f"500 for a {shape} body: {problems}"


def test_an_oversized_post_gets_the_friendly_413_page(client):
    response = client.post("/register", data={"username": "x" * 100_000})
    assert response.status_code == 413
    assert "far more than any of our forms sends, so nothing was saved" in response.get_data(
        as_text=True
    )


def test_a_deep_json_login_and_a_number_for_a_username_are_refused(client, auth):
    token = auth.csrf_token("/login")
    headers = {"X-CSRFToken": token}
    deep = client.post("/login", data=DEEP_JSON, content_type="application/json", headers=headers)
    number = client.post(
        "/register",
        json={"username": 12345, "password": "long enough", "confirm": "long enough"},
        headers=headers,
    )
    assert (deep.status_code, number.status_code) == (415, 415)


HUGE_ID = "99999999999999999999999"


def test_admin_pages_and_exports_take_a_huge_teacher_or_class_id(app, world):
    problems = []
    for rule, method in routes(app):
        if method != "GET" or not rule.endpoint.startswith("admin.") or rule.arguments:
            continue
        for name in ("teacher", "classroom"):
            response = world.clients["admin"].get(rule.rule, query_string={name: HUGE_ID})
            _assert_no_500(problems, f"{rule.rule}?{name}=", response)
    assert not problems, problems
