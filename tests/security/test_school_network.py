"""What the app itself must do on a school network: production refuses
demo accounts and unknown modes, shares only links from its public URL, reports a
database that cannot write, says "not saved" when nothing was, keeps its limits
visible, and tells the student when an admin opened their answers."""

import logging
import sqlite3

import pytest
from sqlalchemy.exc import OperationalError

from quizapp import answers, create_app
from quizapp.content import PRE_QUIZ
from quizapp.demo import DemoAccountsPresent
from quizapp.extensions import db
from quizapp.models import AdminView, User, hash_password
from quizapp.synthetic import UNUSABLE_PASSWORD
from quizapp.timezones import local_datetime
from quizapp.users.accounts import authenticate
from tests.conftest import PASSWORD, Auth, make_class, make_user
from tests.security.conftest import counted_limits, fresh
from tests.web.helpers import answer, choice, items, start

PRODUCTION = {
    "MYTHCHECK_ENV": "production",
    "SECRET_KEY": "k" * 40,
    "MYTHCHECK_PUBLIC_URL": "https://mythcheck.school.example",
}


@pytest.fixture
def production_env(monkeypatch):
    for name, value in PRODUCTION.items():
        monkeypatch.setenv(name, value)


def test_production_refuses_to_start_while_demo_accounts_exist(
    app, demo, production_env, database_url
):
    with pytest.raises(DemoAccountsPresent, match="flask remove-demo"):
        create_app({"SQLALCHEMY_DATABASE_URI": database_url})


def test_remove_demo_takes_them_out_and_production_then_starts(
    app, demo, production_env, database_url
):
    keeper_id = make_user("admin", username="real-admin").id
    result = app.test_cli_runner().invoke(args=["remove-demo"])
    assert result.exit_code == 0 and "demo-admin" in result.output
    db.session.remove()
    served = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    with served.app_context():
        try:
            assert authenticate("demo-admin", "mythcheck-demo") is None
            assert db.session.get(User, keeper_id) is not None
            made_up = db.select(db.func.count(User.id)).filter_by(password_hash=UNUSABLE_PASSWORD)
            assert db.session.execute(made_up).scalar() == 0, "the demo class's students go too"
        finally:
            db.session.remove()
            db.engine.dispose()


@pytest.mark.parametrize("name", ["prod", "Production", "staging", ""])
def test_an_unknown_environment_name_is_an_error_at_start(monkeypatch, name, database_url):
    monkeypatch.setenv("MYTHCHECK_ENV", name)
    with pytest.raises(RuntimeError, match="MYTHCHECK_ENV"):
        create_app({"SQLALCHEMY_DATABASE_URI": database_url})


def test_production_needs_a_public_url(monkeypatch, production_env):
    monkeypatch.delenv("MYTHCHECK_PUBLIC_URL")
    with pytest.raises(RuntimeError, match="MYTHCHECK_PUBLIC_URL"):
        create_app()


def test_join_links_and_qr_come_from_the_public_url_not_the_host_header(make_app, teacher):
    app = make_app(PUBLIC_URL="https://mythcheck.school.example")
    classroom = make_class(teacher)
    client = app.test_client()
    client.environ_base["HTTP_HOST"] = "evil.example"
    Auth(client).login(teacher)
    page = client.get(f"/teach/classes/{classroom.id}/qr")
    body = page.get_data(as_text=True)
    assert f"https://mythcheck.school.example/join/{classroom.join_code}" in body
    assert "evil.example" not in body


def test_an_unknown_username_costs_a_password_check_too(app, student, monkeypatch):
    import quizapp.users.accounts as accounts

    checked = []
    real = accounts.check_password_hash
    monkeypatch.setattr(
        accounts, "check_password_hash", lambda h, p: checked.append(h) or real(h, p)
    )
    assert authenticate("nobody-by-this-name", "a guess at it") is None
    assert len(checked) == 1
    cost = hash_password("any password").split("$")[0]
    assert checked[0].split("$")[0] == cost, "the scrypt cost of every account the app makes"


def test_the_last_admin_cannot_delete_their_own_account(client, auth, admin):
    auth.login(admin)
    response = auth.post("/account/delete", {"password": PASSWORD})
    assert response.status_code == 422
    assert "last active admin" in response.get_data(as_text=True)
    fresh()
    assert db.session.get(User, admin.id) is not None


def test_an_admin_with_another_admin_can_delete_their_account(client, auth, admin):
    make_user("admin")
    admin_id = admin.id
    auth.login(admin)
    assert auth.post("/account/delete", {"password": PASSWORD}).status_code == 303
    fresh()
    assert db.session.get(User, admin_id) is None


def test_readiness_reports_a_database_that_cannot_take_writes(app, client, database_url):
    if not database_url.startswith("sqlite"):
        pytest.skip("the SQLite write lock")
    assert client.get("/readyz").json == {"status": "ok"}
    other = sqlite3.connect(database_url.removeprefix("sqlite:///"), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        response = client.get("/readyz")
        assert response.status_code == 503 and response.json["status"] == "not ready"
        assert client.get("/healthz").json == {"status": "ok"}, "/healthz keeps its contract"
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert client.get("/readyz").status_code == 200


def test_an_answer_that_fails_says_not_saved(app, client, auth, student, monkeypatch):
    auth.login(student)
    attempt = start(auth, PRE_QUIZ)
    question = items(attempt)[0]

    def locked(*args, **kwargs):
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    monkeypatch.setattr(answers, "record_answer", locked)
    app.testing = False
    response = answer(auth, attempt, question, choice(question).id)
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "not saved" in body and "Your saved answers are safe" not in body


def test_an_admin_opening_a_students_answers_is_shown_to_the_student(
    new_client, client, auth, teacher, admin, student
):
    classroom = make_class(teacher, "Period 4", students=[student])
    page = f"/teach/classes/{classroom.id}/students/{student.id}"
    Auth(teacher_client := new_client()).login(teacher)
    assert teacher_client.get(page).status_code == 200
    Auth(admin_client := new_client()).login(admin)
    assert admin_client.get(page).status_code == 200
    assert db.session.execute(db.select(db.func.count(AdminView.id))).scalar() == 1

    auth.login(student)
    mine = client.get("/account/").get_data(as_text=True)
    assert admin.username in mine and "Period 4" in mine
    seen_at = db.session.execute(db.select(AdminView.viewed_at)).scalar()
    assert local_datetime(seen_at) in mine and "UTC" not in mine, "in the school's time zone"
    data = client.get("/account/my-data.json").json
    assert [(v["admin"], v["class"]) for v in data["admin_views"]] == [(admin.username, "Period 4")]


def test_an_account_page_with_no_admin_views_says_so(client, auth, student):
    auth.login(student)
    assert "No admin has opened your answers" in client.get("/account/").get_data(as_text=True)


def test_redis_going_away_is_logged_once(make_app, student, caplog):
    dead = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="redis://127.0.0.1:9/5")
    client = dead.test_client()
    with caplog.at_level(logging.WARNING, logger="flask-limiter"):
        for _ in range(3):
            token = Auth(client).csrf_token("/login")
            client.post("/login", data={"csrf_token": token, "username": "x", "password": "y"})
    warnings = [r for r in caplog.records if r.name == "flask-limiter"]
    assert len(warnings) == 1 and "in-memory" in warnings[0].getMessage()


def _join(client, code: str) -> int:
    token = Auth(client).csrf_token("/join")
    return client.post("/join", data={"csrf_token": token, "code": code}).status_code


def test_join_codes_cannot_be_guessed_freely(make_app, student):
    app = make_app(**counted_limits())
    client = app.test_client()
    Auth(client).login(student)
    guesses = [_join(client, f"BCD{n:03d}") for n in range(11)]
    assert guesses == [422] * 10 + [429]
    assert client.get("/join/BCDFGH").status_code == 429, "the link is the same guess"


def test_a_class_behind_one_address_joins_by_code(make_app, teacher):
    app = make_app(**counted_limits())
    classroom = make_class(teacher)
    statuses = []
    for _ in range(35):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = "10.6.6.6"
        Auth(client).login(make_user("student"))
        statuses.append(_join(client, classroom.join_code))
    assert statuses == [303] * 35


@pytest.fixture
def lock_probe(database_url, monkeypatch):
    """Calls `probe()` to ask, from another connection, whether the write lock is free."""
    if not database_url.startswith("sqlite"):
        pytest.skip("the SQLite write lock")
    path = database_url.removeprefix("sqlite:///")

    def probe() -> bool:
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            return True
        except sqlite3.OperationalError:
            return False
        finally:
            other.close()

    return probe


def _spy(monkeypatch, owner, name: str, probe, seen: list) -> None:
    real = getattr(owner, name)

    def spied(*args, **kwargs):
        seen.append((name, probe()))
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, spied)


def test_changing_a_password_hashes_before_taking_the_write_lock(
    client, auth, student, lock_probe, monkeypatch
):
    import quizapp.users.accounts as accounts

    auth.login(student)
    seen = []
    _spy(monkeypatch, User, "check_password", lock_probe, seen)
    _spy(monkeypatch, accounts, "hash_password", lock_probe, seen)
    response = auth.post(
        "/account/password",
        {"current": PASSWORD, "password": "a new long sentence", "confirm": "a new long sentence"},
    )
    assert response.status_code == 303
    assert seen == [("check_password", True), ("hash_password", True)]


def test_deleting_an_account_checks_the_password_before_taking_the_write_lock(
    client, auth, student, lock_probe, monkeypatch
):
    auth.login(student)
    seen = []
    _spy(monkeypatch, User, "check_password", lock_probe, seen)
    assert auth.post("/account/delete", {"password": PASSWORD}).status_code == 303
    assert seen == [("check_password", True)]


def test_one_time_passwords_are_hashed_before_taking_the_write_lock(
    client, auth, teacher, student, lock_probe, monkeypatch
):
    import quizapp.users.accounts as accounts
    import quizapp.users.resets as resets

    classroom = make_class(teacher, "Period 5", students=[student])
    seen = []
    _spy(monkeypatch, accounts, "hash_password", lock_probe, seen)
    _spy(monkeypatch, resets, "hash_password", lock_probe, seen)
    db.session.execute(
        db.update(User).where(User.id == student.id).values(must_change_password=True)
    )
    db.session.commit()
    auth.login(student)
    chosen = {"password": "my own long sentence", "confirm": "my own long sentence"}
    assert auth.post("/account/new-password", chosen).status_code == 303
    auth.logout()
    auth.login(teacher)
    reset = f"/teach/classes/{classroom.id}/students/{student.id}/password"
    assert auth.post(reset, {"confirm": "yes"}).status_code == 303
    assert seen == [("hash_password", True), ("hash_password", True)]


def _login_from(app, forwarded_for: str) -> int:
    client = app.test_client()
    token = Auth(client).csrf_token("/login")
    return client.post(
        "/login",
        data={"csrf_token": token, "username": "nobody", "password": "wrong guess"},
        headers={"X-Forwarded-For": forwarded_for},
    ).status_code


def _limited(make_app, **config):
    return make_app(**counted_limits(LOGINS_PER_ADDRESS="3 per minute", **config))


def test_behind_one_trusted_proxy_each_client_is_counted_on_its_own(make_app):
    app = _limited(make_app, PROXY_HOPS=1)
    assert [_login_from(app, f"forged, 10.5.0.{i}") for i in range(5)] == [422] * 5
    assert [_login_from(app, "10.5.1.1") for _ in range(4)] == [422] * 3 + [429]


def test_without_a_trusted_proxy_a_forged_forwarded_for_changes_nothing(make_app):
    app = _limited(make_app)
    assert [_login_from(app, f"10.4.0.{i}") for i in range(4)] == [422] * 3 + [429]


def test_the_trusted_hops_come_from_the_environment(monkeypatch, database_url):
    assert create_app({"SQLALCHEMY_DATABASE_URI": database_url}).config["PROXY_HOPS"] == 0
    monkeypatch.setenv("MYTHCHECK_PROXY_HOPS", "1")
    assert create_app({"SQLALCHEMY_DATABASE_URI": database_url}).config["PROXY_HOPS"] == 1


def test_live_session_codes_count_with_class_codes_against_guessing(make_app, student):
    app = make_app(**counted_limits())
    client = app.test_client()
    auth = Auth(client)
    auth.login(student)
    guesses = [_join(client, f"BCD{n:03d}") for n in range(5)]
    token = auth.csrf_token("/live")
    typed = [
        client.post("/live", data={"csrf_token": token, "code": f"XYZ{n:03d}"}).status_code
        for n in range(5)
    ]
    assert guesses + typed == [422] * 10
    assert client.post("/live", data={"csrf_token": token, "code": "XYZ999"}).status_code == 429
    assert client.get("/live/join/XYZ998").status_code == 429, "the link is the same guess"
