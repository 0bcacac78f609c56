"""Security headers on every response (ASVS 3.4), friendly errors without a
traceback (ASVS 16.5 / 13.4), debug off by default, a request id in every log line."""

import io

import pytest

from quizapp import create_app
from quizapp.security import CSP

SECRET_DETAIL = "db-password-is-hunter2"


@pytest.fixture
def boom_app(make_app):
    """An app of this test's own with a route that fails at /boom-for-test (the shared
    app has served requests, so it takes no new routes)."""
    app = make_app()

    def explode():
        raise RuntimeError(SECRET_DETAIL)

    app.add_url_rule("/boom-for-test", "boom_for_test", explode)
    app.testing = False
    return app


def _assert_security_headers(response) -> None:
    headers = response.headers
    csp = headers["Content-Security-Policy"]
    assert (
        "script-src 'self'" in csp and "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    )
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Request-ID"]


@pytest.mark.parametrize(
    ("path", "status"),
    [("/", 200), ("/login", 200), ("/no-such-page", 404), ("/my-myths", 302), ("/healthz", 200)],
)
def test_headers_on_pages_redirects_and_404(client, path, status):
    response = client.get(path)
    assert response.status_code == status
    _assert_security_headers(response)


def test_headers_on_403_405_and_csrf_400(client, auth, student):
    auth.login(student)
    for response, status in (
        (client.get("/teach/"), 403),
        (client.get("/logout"), 405),
        (client.post("/logout"), 400),
    ):
        assert response.status_code == status
        _assert_security_headers(response)


def test_500_is_friendly_without_traceback_and_keeps_the_headers(boom_app):
    response = boom_app.test_client().get("/boom-for-test")
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong on our side" in body
    for leak in ("Traceback", SECRET_DETAIL, "RuntimeError", 'File "'):
        assert leak not in body
    _assert_security_headers(response)


def test_the_csp_allows_no_inline_script_and_pages_need_none(client):
    body = client.get("/").get_data(as_text=True)
    assert CSP.count("script-src 'self'") == 1
    assert "<script>" not in body and " onclick=" not in body and 'style="' not in body


def test_logs_carry_the_request_id(boom_app):
    stream = io.StringIO()
    boom_app.logger.handlers[0].setStream(stream)
    response = boom_app.test_client().get("/boom-for-test", headers={"X-Request-ID": "req-abc123"})
    assert response.headers["X-Request-ID"] == "req-abc123"
    log = stream.getvalue()
    assert "[req-abc123]" in log and "Unhandled error" in log
    assert SECRET_DETAIL in log, "the details go to the log, not to the user"


def test_an_overlong_request_id_is_replaced(client):
    response = client.get("/", headers={"X-Request-ID": "x" * 500})
    assert len(response.headers["X-Request-ID"]) <= 64


def test_debug_is_off_unless_asked_for(monkeypatch, database_url):
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    monkeypatch.delenv("MYTHCHECK_ENV", raising=False)
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    assert app.debug is False
    assert app.config["PROPAGATE_EXCEPTIONS"] in (None, False)


def test_nul_bytes_are_refused_before_they_reach_the_database(client, auth):
    response = auth.post("/login", {"username": "a\x00b", "password": "x"})
    assert response.status_code == 400
    assert "character we do not accept" in response.get_data(as_text=True)
    assert client.get("/lessons/a%00b").status_code in (302, 400)
