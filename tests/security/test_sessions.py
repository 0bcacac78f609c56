"""Sessions (ASVS 7.2.4, 7.4.1, 7.4.2, 3.3.1) and the ?next= redirect (ASVS 3.7 / open redirect)."""

import pytest

from quizapp import create_app
from quizapp.extensions import db
from quizapp.models import User
from tests.conftest import CSRF_PATTERN, Auth

PRIVATE_PAGE = "/my-myths"


def _session_cookie(client) -> str | None:
    cookie = client.get_cookie("session")
    return cookie.value if cookie else None


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and "/login" in response.location


def test_login_starts_a_new_session_and_drops_what_came_before(client, auth, student):
    """7.2.4: the pre-login session (and its CSRF token) is not carried into the account."""
    planted = auth.csrf_token("/login")
    before = _session_cookie(client)

    auth.login(student)

    assert _session_cookie(client) != before
    response = client.post("/logout", data={"csrf_token": planted})
    assert response.status_code == 400, "a token from before login must not work after it"


def test_the_anonymous_cookie_from_before_login_stays_anonymous(new_client, client, auth, student):
    client.get("/login")
    anonymous = _session_cookie(client)
    auth.login(student)

    attacker = new_client()
    attacker.set_cookie("session", anonymous)
    assert _is_login_redirect(attacker.get(PRIVATE_PAGE))


def test_logout_ends_the_session_on_the_server(new_client, client, auth, student):
    """7.4.1: replaying the cookie captured before logout gets the login page."""
    auth.login(student)
    captured = _session_cookie(client)
    assert client.get(PRIVATE_PAGE).status_code == 200

    auth.logout()

    replay = new_client()
    replay.set_cookie("session", captured)
    assert _is_login_redirect(replay.get(PRIVATE_PAGE))


def test_disabling_an_account_ends_its_sessions(client, auth, student):
    """7.4.2: an admin disabling the account logs it out everywhere at once."""
    auth.login(student)
    db.session.get(User, student.id).is_disabled = True
    db.session.commit()
    assert _is_login_redirect(client.get(PRIVATE_PAGE))


def test_a_phone_moving_from_wifi_to_mobile_data_stays_signed_in(client, auth, student):
    """No address binding: the phone's new address keeps the session; a copied
    cookie is stopped by the per-user token instead (the logout test above)."""
    client.environ_base["REMOTE_ADDR"] = "10.1.2.3"
    auth.login(student)
    moved = client.get(PRIVATE_PAGE, environ_base={"REMOTE_ADDR": "172.16.9.9"})
    assert moved.status_code == 200


def test_a_session_unused_for_an_hour_is_signed_out(make_app, student, clock):
    """A shared school computer left signed in: the next person gets the login page
    (the default timeout: the shared `app` fixture turns it off)."""
    client = make_app(CLOCK=clock).test_client()
    Auth(client).login(student)
    clock.travel(minutes=59)
    assert client.get(PRIVATE_PAGE).status_code == 200, "each request restarts the hour"
    clock.travel(minutes=59)
    assert client.get(PRIVATE_PAGE).status_code == 200
    clock.travel(minutes=61)
    response = client.get(PRIVATE_PAGE)
    assert _is_login_redirect(response)
    page = client.get(response.location).get_data(as_text=True)
    assert "logged out after 60 minutes without activity" in page


def test_the_idle_timeout_comes_from_the_environment(monkeypatch, make_app, student, clock):
    monkeypatch.setenv("MYTHCHECK_IDLE_MINUTES", "15")
    other = make_app(CLOCK=clock)
    client = other.test_client()
    Auth(client).login(student)
    clock.travel(minutes=16)
    assert _is_login_redirect(client.get(PRIVATE_PAGE))


def _login_cookie_header(client, user) -> str:
    response = Auth(client).login(user)
    return " ".join(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))


def test_session_cookie_is_httponly_and_samesite_lax(client, student):
    """3.3.1 (development: no Secure, so http://127.0.0.1 works)."""
    header = _login_cookie_header(client, student)
    assert "HttpOnly" in header and "SameSite=Lax" in header
    assert "Secure" not in header


@pytest.fixture
def production_app(monkeypatch, make_app):
    monkeypatch.setenv("MYTHCHECK_ENV", "production")
    monkeypatch.setenv("MYTHCHECK_PUBLIC_URL", "https://mythcheck.example")
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    return make_app(TESTING=False, SECRET_KEY="x" * 40)


def test_production_cookies_are_secure_and_hsts_is_on(production_app, student):
    """3.3.1 and 3.4.1: Secure cookies and Strict-Transport-Security in production."""
    client = production_app.test_client()
    header = _login_cookie_header(client, student)
    assert "Secure" in header and "HttpOnly" in header and "SameSite=Lax" in header
    response = client.get("/help")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    assert production_app.debug is False


def test_production_refuses_a_weak_secret_key(monkeypatch):
    monkeypatch.setenv("MYTHCHECK_ENV", "production")
    monkeypatch.setenv("MYTHCHECK_PUBLIC_URL", "https://mythcheck.example")
    monkeypatch.setenv("SECRET_KEY", "short")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app()


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "/\t/evil.example",
        "/%0a/evil.example",
        "javascript:alert(1)",
        "http:/evil.example",
        "evil.example",
        " //evil.example",
    ],
)
def test_next_never_leaves_the_site(client, auth, student, target):
    token = auth.csrf_token("/login")
    response = client.post(
        "/login",
        query_string={"next": target.replace("%0a", "\n")},
        data={
            "csrf_token": token,
            "username": student.username,
            "password": "correct horse battery",
        },
    )
    assert response.status_code == 303
    assert response.location == "/", f"?next={target!r} redirected to {response.location!r}"


def test_next_to_a_local_page_is_followed(client, auth, student):
    token = auth.csrf_token("/login")
    response = client.post(
        "/login?next=/my-myths",
        data={
            "csrf_token": token,
            "username": student.username,
            "password": "correct horse battery",
        },
    )
    assert response.location == "/my-myths"


def test_csrf_token_appears_only_in_the_page_not_in_a_readable_cookie(client):
    page = client.get("/login")
    assert CSRF_PATTERN.search(page.get_data(as_text=True))
    assert all("csrf" not in h.lower() for h in page.headers.getlist("Set-Cookie"))
