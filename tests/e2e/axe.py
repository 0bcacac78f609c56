"""axe-core (vendored) run inside the page, and a record of which pages were checked.

axe is injected with `page.evaluate`, which the page's strict CSP does not apply
to, so the app keeps its real headers while it is audited. axe cannot run in a
page with JavaScript turned off, so such a page is audited as a copy: its HTML,
scripts removed and a <base> added, loaded into a twin page that runs scripts.
"""

import re
from pathlib import Path
from weakref import WeakKeyDictionary

AXE_SOURCE = (Path(__file__).resolve().parent / "vendor" / "axe-4.14.1.min.js").read_text()
RUN_AXE = """async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map((n) => ({
      target: n.target.join(" "), summary: n.failureSummary,
    })),
  }));
}"""

SCRIPT_TAG = re.compile(r"<script\b[^>]*>.*?</script>", re.S | re.I)

_audits: "WeakKeyDictionary[object, PageAudit]" = WeakKeyDictionary()


class PageAudit:
    """Counts page loads and CSP complaints so a test cannot skip the axe check."""

    def __init__(self, page, twin=None):
        self.page = page
        self.twin = twin
        self.loads: list[str] = []
        self.audited: set[int] = set()
        self.csp_errors: list[str] = []
        page.on("load", lambda p: self.loads.append(p.url))
        page.on("console", self._on_console)
        _audits[page] = self

    def _on_console(self, message) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            self.csp_errors.append(message.text)

    def assert_every_page_audited(self) -> None:
        missing = [url for n, url in enumerate(self.loads, 1) if n not in self.audited]
        assert not missing, f"pages loaded but never checked with axe: {missing}"
        assert not self.csp_errors, f"CSP violations: {self.csp_errors}"


def _describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            summary = " ".join((node["summary"] or "").split())
            lines.append(f"    at {node['target']}: {summary}")
    return "\n".join(lines)


def _run_axe(page) -> list[dict]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    return page.evaluate(RUN_AXE)


def _run_axe_on_copy(page, twin) -> list[dict]:
    html = SCRIPT_TAG.sub("", page.content()).replace(
        "<head>", f'<head><base href="{page.url}">', 1
    )
    twin.set_content(html)
    return _run_axe(twin)


def audit(page, label: str = "") -> None:
    """Run every axe rule on the page as it is now; fail on any violation."""
    record = _audits[page]
    violations = _run_axe_on_copy(page, record.twin) if record.twin else _run_axe(page)
    record.audited.add(len(record.loads))
    where = f"{label} {page.url}".strip()
    assert not violations, f"axe found violations on {where}:\n{_describe(violations)}"
    assert not record.csp_errors, f"CSP violations on {where}: {record.csp_errors}"
