"""Every page the demo roles reach is valid HTML: the W3C Nu HTML checker (vnu,
from the npm package vnu-jar that `make test` installs in .tools/) reports no error.
One vnu run checks every page, saved to a temporary folder."""

import json
import shutil
import subprocess

import pytest

from ..conftest import ROOT
from .crawl import demo_walks

VNU_JAR = ROOT / ".tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _vnu_errors(folder) -> list[dict]:
    run = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    return [message for message in messages if message.get("type") == "error"]


def test_every_page_the_demo_roles_reach_has_no_html_error(app, client, tmp_path):
    if not VNU_JAR.exists() or shutil.which("java") is None:
        pytest.skip("vnu is missing: `make vnu` installs it (needs npm and java)")
    pages = {}
    for role, walk in demo_walks(app).items():
        for visit in walk.html_pages():
            pages.setdefault(visit.html, f"{role} {visit.method.upper()} {visit.url}")
    names = {}
    for number, (html, where) in enumerate(pages.items()):
        path = tmp_path / f"page{number:03d}.html"
        path.write_text(html)
        names[path.name] = where
    assert len(names) > 50, f"only {len(names)} pages: the walk stopped early"

    errors = _vnu_errors(tmp_path)

    described = [
        f"{names.get(e['url'].rsplit('/', 1)[-1], e['url'])} line {e.get('lastLine')}: "
        f"{e['message']} [{e.get('extract', '').strip()}]"
        for e in errors
    ]
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(described[:60])
