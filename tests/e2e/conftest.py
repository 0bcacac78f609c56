"""Real-browser fixtures: one live server per session (its own SQLite database,
the real course, the demo accounts) and Debian's Chromium driven by Playwright.

Every page a test loads must be checked with axe (`audit(page)`); a test that
loads a page and never audits it fails at teardown.
"""

import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from quizapp import create_app
from quizapp.accounts import create_user
from quizapp.cli import DEMO_PASSWORD, DEMO_USERS
from quizapp.extensions import db
from tests.conftest import real_course

from .axe import PageAudit

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
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items):
    for item in items:
        if HERE in Path(item.fspath).parents:
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


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    database = tmp_path_factory.mktemp("e2e") / "e2e.db"
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "SECRET_KEY": "e2e-secret-key-for-tests-only-0123456789",
            "RATELIMIT_ENABLED": False,
        }
    )
    _seed(app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveServer(f"http://127.0.0.1:{server.server_port}", app)
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
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
        context = browser.new_context(viewport=viewport, color_scheme=color_scheme, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        audits.append(PageAudit(page))
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
