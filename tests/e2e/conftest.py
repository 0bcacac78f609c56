"""Real-browser fixtures: one live server per session (gunicorn in a subprocess,
its own SQLite database, the real course, the demo accounts) and Debian's
Chromium driven by Playwright.

Every page a test loads must be checked with axe (`audit(page)`); a test that
loads a page and never audits it fails at teardown.
"""

import os
import signal
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from bench.tools import tool
from quizapp import create_app
from quizapp.cli import DEMO_PASSWORD, DEMO_USERS
from quizapp.extensions import db
from quizapp.users.accounts import create_user
from tests.conftest import ROOT, real_course
from tests.shared import run_folder

from .axe import PageAudit, share_findings

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 740}
# Live screens ask for news more often than in class: the live session test waits for
# each phone and count to move on by itself, a tick at a time.
LIVE_TICKS = {"LIVE_POLL_SECONDS": "0.2", "LIVE_COUNTS_SECONDS": "0.3"}
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items):
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.e2e)


@dataclass
class LiveServer:
    url: str
    app: object

    def __call__(self, path: str = "/") -> str:
        return self.url + path


def _seed(app) -> None:
    from quizapp.content import sync_course

    with app.app_context():
        db.create_all()
        sync_course(real_course())
        for username, role in DEMO_USERS:
            create_user(username, DEMO_PASSWORD, role)
        db.session.commit()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_up(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert server.poll() is None, "the e2e server stopped while starting"
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the e2e server did not answer on {url}")


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """gunicorn in a subprocess on a free port, with its own SQLite database."""
    database_url = f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'e2e.db'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    _seed(app)
    port = _free_port()
    server = subprocess.Popen(
        [
            tool("gunicorn"),
            *f"--bind 127.0.0.1:{port} --workers 2 --threads 4 --log-level warning".split(),
            "quizapp:create_app({'RATELIMIT_ENABLED': False})",
        ],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url, "MYTHCHECK_ENV": "development"}
        | LIVE_TICKS,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, server)
        yield LiveServer(url, app)
    finally:
        server.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
        server.wait(timeout=10)


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    share_findings(run_folder(tmp_path_factory) / "axe-findings")
    if not CHROMIUM.exists():
        pytest.skip(
            f"{CHROMIUM} is missing: install Debian's Chromium "
            "(apt-get install chromium) to run the browser tests"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser):
    """Open a page in a fresh context: `open_page(viewport=..., color_scheme=..., ...)`."""
    audits: list[PageAudit] = []
    contexts = []

    def _open(viewport=PHONE, color_scheme="light", **options):
        def new_page(**extra):
            context = browser.new_context(viewport=viewport, color_scheme=color_scheme, **extra)
            context.set_default_timeout(10_000)
            contexts.append(context)
            return context.new_page()

        page = new_page(**options)
        scripts_off = options.get("java_script_enabled") is False
        audits.append(PageAudit(page, twin=new_page() if scripts_off else None))
        return page

    yield _open
    for context in contexts:
        context.close()
    for page_audit in audits:
        page_audit.assert_every_page_audited()


@pytest.fixture
def page(open_page):
    """A phone-sized page in light mode."""
    return open_page()
