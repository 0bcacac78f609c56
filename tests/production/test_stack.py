"""Production as it runs: MYTHCHECK_ENV=production, gunicorn behind our own nginx
(deploy/nginx/mythcheck.conf), each on a port of its own, a fresh SQLite database.

Skipped, saying why, when Debian's nginx is missing (`.ci/run` installs it).
"""

import os
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from bench.database import recreate
from bench.servers import Gunicorn
from bench.slow_clients import measure, production_env
from bench.tools import tool
from deploy.serve_prod import NGINX, Nginx
from tests.conftest import ROOT

APP_PORT = int(os.environ.get("TEST_STACK_APP_PORT", "5205"))
PROXY_PORT = int(os.environ.get("TEST_STACK_PROXY_PORT", "8205"))
PRODUCTION_APP = "quizapp:create_app()"

pytestmark = pytest.mark.skipif(not Path(NGINX).exists(), reason=f"no nginx at {NGINX}")


@pytest.fixture(scope="module")
def database_url(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('stack') / 'stack.db'}"
    recreate(url)
    return url


@pytest.fixture(scope="module")
def stack(database_url, tmp_path_factory):
    logs = tmp_path_factory.mktemp("stack-logs")
    env = production_env(database_url)
    nginx = Nginx(f"127.0.0.1:{PROXY_PORT}", f"127.0.0.1:{APP_PORT}", logs / "nginx")
    with Gunicorn(PRODUCTION_APP, APP_PORT, logs, "stack", env) as app, nginx:
        yield app


@pytest.fixture
def proxy():
    with httpx.Client(base_url=f"http://127.0.0.1:{PROXY_PORT}", timeout=10) as http:
        yield http


def test_health_answers_through_the_proxy_while_slow_clients_trickle(stack):
    figures = measure(PROXY_PORT, f"http://127.0.0.1:{PROXY_PORT}", 8, seconds=4, every=1.0)
    assert figures.clients_connected == 8
    assert figures.checks and figures.failures == 0, figures.summary("through nginx")


def test_static_files_come_from_nginx_with_a_year_of_cache(stack, proxy):
    page = proxy.get("/login").text
    css = page.split('href="', 2)[1].split('"')[0] if "app.css" in page else ""
    assert "/static/css/app.css?v=" in css
    response = proxy.get(css)
    assert response.status_code == 200
    assert "max-age=31536000" in response.headers["cache-control"]
    assert "x-request-id" not in response.headers, "served by nginx, not by a gunicorn worker"


def test_a_big_body_is_refused_at_the_proxy_with_a_friendly_page(stack, proxy):
    response = proxy.post("/login", content=b"x" * 300_000)
    assert response.status_code == 413
    assert "nothing was saved" in response.text


def test_a_login_through_the_proxy_is_logged_without_an_address(stack, proxy):
    page = proxy.get("/login")
    assert "secure" in page.headers["set-cookie"].lower(), "production cookies are Secure"
    # Over plain http here, so the Secure cookie is sent by hand (a browser sends it on https).
    cookie = page.headers["set-cookie"].split(";")[0]
    token = page.text.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = proxy.post(
        "/login",
        data={"csrf_token": token, "username": "nobody-here", "password": "wrong password"},
        headers={"X-Forwarded-For": "203.0.113.99", "Cookie": cookie},
    )
    assert response.status_code == 422
    log = _access_log_once_it_has(stack, '"POST /login" 422')
    assert "127.0.0.1" not in log and "203.0.113.99" not in log


def _flask(command: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [tool("flask"), command],
        env={**os.environ, "FLASK_APP": "quizapp", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def _access_log_once_it_has(server: Gunicorn, text: str, seconds: float = 10) -> str:
    """The access log, read again until `text` is in it: a worker writes its line
    just after the response has gone."""
    deadline = time.monotonic() + seconds
    while text not in (log := server.access_log.read_text()) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert text in log
    return log


def test_production_refuses_a_database_with_demo_accounts(database_url, tmp_path):
    production = production_env(database_url)
    assert _flask("seed-demo", {"DATABASE_URL": database_url}).returncode == 0
    demo = Gunicorn(PRODUCTION_APP, APP_PORT + 1, tmp_path, "demo", production)
    with pytest.raises(RuntimeError, match="gunicorn exited"):
        demo.__enter__()
    assert "flask remove-demo" in demo.output_log.read_text() + demo.error_log.read_text()
    seeded = _flask("seed-demo", production)
    assert seeded.returncode != 0 and "never created in production" in seeded.stderr
    removed = _flask("remove-demo", production)
    assert removed.returncode == 0 and "demo-admin" in removed.stdout


def test_a_post_the_app_never_answers_says_not_saved(tmp_path):
    """gunicorn gone (a restart, a crash): nginx's 502 page says the answer was not saved."""
    port = PROXY_PORT + 1
    with Nginx(f"127.0.0.1:{port}", f"127.0.0.1:{APP_PORT + 2}", tmp_path / "nginx"):
        response = httpx.post(f"http://127.0.0.1:{port}/attempts/1/answer", data={"choice": "1"})
    assert response.status_code == 502
    assert "not saved" in response.text
