"""Passwords (ASVS 6.2.1–6.2.9, 6.2.12 common list, 11.4.2 KDF) and brute-force
limits per account and per IP (6.3.1), shared through Redis when configured."""

import uuid

import pytest
import redis

from quizapp.extensions import db
from quizapp.models import User
from quizapp.users.accounts import find_user
from quizapp.users.passwords import MAX_LENGTH, password_problem
from tests.conftest import PASSWORD, Auth, make_user
from tests.security.conftest import REDIS_URL, counted_limits, fresh


@pytest.mark.parametrize(
    "password",
    [
        "eight ch",
        "all lower case words only",
        "x" * 63 + "y",
        "пароль для урока",
        "我的密码是一句很长的话",
        "🐱🐶🐭🐹🐰🦊🐻🐼",
        "  spaces are kept  ",
    ],
)
def test_any_long_enough_password_is_fine(password):
    assert password_problem(password) is None


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("seven!!", "at least 8"),
        ("z" * (MAX_LENGTH + 1), f"at most {MAX_LENGTH}"),
        ("password1", "most common"),
        ("PassWord1", "most common"),
        ("iloveyou1", "most common"),
        ("ｐａｓｓｗｏｒｄ１", "most common"),
        ("mythcheck-demo", "most common"),
        ("MythCheck-Demo", "most common"),
        ("x" * 64, "one character repeated"),
        ("........", "one character repeated"),
        ("ＡＡＡＡＡＡＡＡa", "one character repeated"),
    ],
)
def test_short_long_and_common_passwords_are_refused(password, reason):
    assert reason in password_problem(password)


def test_a_password_equal_to_the_username_is_refused_on_sign_up_and_change(client, auth):
    response = _register(client, "Sunflower-Class", "sunflower-class")
    assert response.status_code == 422
    assert "must not be your username" in response.get_data(as_text=True)
    assert find_user("sunflower-class") is None

    user = make_user("student", username="longusername7")
    auth.login(user)
    response = auth.post(
        "/account/password",
        {"current": PASSWORD, "password": "LongUserName7", "confirm": "LongUserName7"},
    )
    assert response.status_code == 422
    assert "must not be your username" in response.get_data(as_text=True)
    fresh()
    assert db.session.get(User, user.id).check_password(PASSWORD)


def _register(client, username: str, password: str):
    token = Auth(client).csrf_token("/register")
    return client.post(
        "/register",
        data={"csrf_token": token, "username": username, "password": password, "confirm": password},
    )


def test_register_refuses_a_common_password_and_saves_nothing(client):
    response = _register(client, "newkid", "football1")
    assert response.status_code == 422
    assert "most common" in response.get_data(as_text=True)
    assert find_user("newkid") is None


def test_password_is_stored_with_scrypt_never_plain(client):
    password = "a sentence nobody guesses"
    assert _register(client, "newkid", password).status_code == 303
    fresh()
    stored = find_user("newkid").password_hash
    assert stored.startswith("scrypt:") and password not in stored


def test_the_same_password_typed_another_way_logs_in(client):
    """NFKC: 'é' as one character or as e + combining accent is one password."""
    composed = "caf\u00e9 au lait le matin"
    assert _register(client, "cafe", composed).status_code == 303
    Auth(client).logout()
    decomposed = "cafe\u0301 au lait le matin"
    token = Auth(client).csrf_token("/login")
    response = client.post(
        "/login", data={"csrf_token": token, "username": "cafe", "password": decomposed}
    )
    assert response.status_code == 303


@pytest.fixture
def limited_app(make_app):
    """The app with its real login limits (the shared fixture turns them off)."""
    return make_app(**counted_limits())


def _with_limits(make_app, storage: str):
    return make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=storage)


def _try_login(app, username: str, password: str, ip: str) -> int:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = ip
    token = Auth(client).csrf_token("/login")
    return client.post(
        "/login", data={"csrf_token": token, "username": username, "password": password}
    ).status_code


def test_one_account_is_limited_whatever_the_ip(limited_app, student):
    statuses = [
        _try_login(limited_app, student.username, "wrong", f"10.0.0.{i}") for i in range(10)
    ]
    assert statuses == [422] * 10
    assert _try_login(limited_app, student.username, PASSWORD, "10.0.1.1") == 429


def test_a_class_behind_one_address_logs_in_at_the_bell(limited_app):
    """30 students of one school, one NAT address, within a minute; one of them first
    types 20 wrong passwords for their own name: the other 29 are not held back."""
    students = [make_user("student", username=f"bell{i:02d}") for i in range(30)]
    wrong = [_try_login(limited_app, students[0].username, "wrong", "10.9.9.9") for _ in range(20)]
    assert wrong.count(429) == 10, "the per-username limit still stops guessing"
    statuses = [_try_login(limited_app, s.username, PASSWORD, "10.9.9.9") for s in students[1:]]
    assert statuses == [303] * 29


def test_a_class_of_35_signs_up_from_one_address_in_five_minutes(make_app):
    app = make_app(**counted_limits())
    statuses = []
    for i in range(35):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = "10.8.8.8"
        statuses.append(_register(client, f"newcomer{i:02d}", "a long enough sentence").status_code)
    assert statuses == [303] * 35


def test_one_address_flooding_logins_is_still_stopped(make_app):
    """The per-address limit exists (here lowered to 5 so the test is quick)."""
    app = make_app(**counted_limits(LOGINS_PER_ADDRESS="5 per minute"))
    statuses = [_try_login(app, f"nobody{i}", "wrong", "10.7.7.7") for i in range(6)]
    assert statuses == [422] * 5 + [429]
    assert _try_login(app, "somebody-else", "wrong", "10.7.7.8") == 422


def test_the_real_per_address_limits_are_far_above_a_school(app):
    from limits import parse

    login, signup = (parse(app.config[k]) for k in ("LOGINS_PER_ADDRESS", "SIGNUPS_PER_ADDRESS"))
    assert login.amount / login.get_expiry() * 60 >= 200, "logins a minute from one address"
    assert signup.amount >= 35 * 3, "three classes signing up within the window"


def test_a_json_login_is_refused_whatever_it_carries(limited_app, student):
    """A second way in (Flask-WTF reads JSON bodies as form data) would not be counted
    per username: JSON is refused outright, with the CSRF token in the header."""
    client = limited_app.test_client()
    token = Auth(client).csrf_token("/login")
    response = client.post(
        "/login",
        json={"username": student.username, "password": PASSWORD},
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 415
    assert "nothing was saved" in response.get_data(as_text=True)
    assert client.get("/my-myths").status_code == 302


@pytest.fixture
def redis_db():
    connection = redis.Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    connection.flushdb()
    yield connection
    connection.flushdb()


def test_counters_are_shared_between_workers_through_redis(make_app, redis_db):
    """Two app instances stand for two gunicorn workers: each has its own limiter
    storage object, so only a shared Redis lets the second see the first's tries."""
    user = make_user("student", username=f"target-{uuid.uuid4().hex[:8]}")
    worker_one = _with_limits(make_app, REDIS_URL)
    for i in range(10):
        assert _try_login(worker_one, user.username, "wrong", f"10.1.0.{i}") == 422
    worker_two = _with_limits(make_app, REDIS_URL)
    assert _try_login(worker_two, user.username, PASSWORD, "10.1.1.1") == 429
    assert any(b"login:" + user.username.encode() in key for key in redis_db.scan_iter())


def test_memory_storage_would_not_be_shared(make_app):
    """The control for the test above: without Redis a new worker starts from zero."""
    user = make_user("student", username=f"target-{uuid.uuid4().hex[:8]}")
    worker_one = _with_limits(make_app, "memory://")
    for i in range(10):
        _try_login(worker_one, user.username, "wrong", f"10.2.0.{i}")
    worker_two = _with_limits(make_app, "memory://")
    assert _try_login(worker_two, user.username, PASSWORD, "10.2.1.1") == 303


def test_logins_still_work_and_are_limited_when_redis_is_down(make_app, student):
    """The in-memory fallback: a Redis outage neither breaks logins nor lifts the limit."""
    dead = _with_limits(make_app, "redis://127.0.0.1:9/0")
    assert _try_login(dead, student.username, PASSWORD, "10.3.0.1") == 303
    for i in range(10):
        _try_login(dead, student.username, "wrong", f"10.3.0.{i + 2}")
    assert _try_login(dead, student.username, PASSWORD, "10.3.1.1") == 429


def test_cli_create_user_applies_the_policy(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["create-user", "clikid", "--password", "password1"])
    assert result.exit_code != 0 and "most common" in result.output
    assert db.session.execute(db.select(User).filter_by(username="clikid")).first() is None
