"""axe-core (vendored) run inside the page, and a record of which pages were checked.

axe is injected with `page.evaluate`, which the page's strict CSP does not apply
to, so the app keeps its real headers while it is audited. axe cannot run in a
page with JavaScript turned off, so such a page is audited as a copy: its HTML,
scripts removed and a <base> added, loaded into a twin page that runs scripts.

axe runs once per distinct page in a test run: a page with the shape (its markup
without the words and numbers), focus, viewport, pixel ratio and colour scheme of
a page already checked, by any pytest-xdist worker, gets that page's findings
again (`page_state`, `Findings`).
Tests load the same login form, dashboard or quiz card, with other words, many
times over; checking each copy cost more CPU than anything else in these tests.
"""

import hashlib
import json
import os
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

# What axe reads of a page besides its markup: the screen, and the elements that
# have focus and the mouse (their styles change with it).
PAGE_CONDITIONS = """() => {
  const pathOf = (node) => {
    const path = [];
    for (; node && node.parentElement; node = node.parentElement) {
      path.unshift([...node.parentElement.children].indexOf(node));
    }
    return path;
  };
  return {
    width: innerWidth, height: innerHeight, ratio: devicePixelRatio,
    dark: matchMedia("(prefers-color-scheme: dark)").matches,
    focus: pathOf(document.activeElement),
    hover: pathOf([...document.querySelectorAll(":hover")].pop()),
  };
}"""
# The CSRF token (signed, in three dotted parts) changes with every session.
SESSION_TOKEN = re.compile(r"[\w-]{20,}\.[\w-]{5,}\.[\w-]{20,}")
WORDS = re.compile(r">[^<]*[^\s<][^<]*<|\bvalue=\"[^\"]+\"")
SPACE = re.compile(r">\s+<")
# htmx marks a card while it swaps in; no style reads these classes.
HTMX_CLASS = re.compile(r" ?\bhtmx-(?:added|swapping|settling|request)\b")
# A number, or an attribute whose value names elements (its numbers keep their pattern).
NUMBER_OR_REFERENCE = re.compile(r'\b(id|for|headers|form|list|aria-[a-z]+)="([^"]*)"|\d+')
NUMBER = re.compile(r"\d+")

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


def word(found: re.Match) -> str:
    return ">T<" if found.group().startswith(">") else 'value="T"'


def page_shape(html: str) -> str:
    """The markup with its words and numbers left out: each text and value becomes
    `T`, spaces between tags one space, each number `#`; but in ids and the attributes
    naming them a number becomes its order of first appearance, so ids stay unique or
    repeated as they were. The session's CSRF token and htmx's swap classes go too.
    Question cards of one form have one shape, whichever question and attempt."""
    markup = SPACE.sub("> <", WORDS.sub(word, SESSION_TOKEN.sub("token", html)))
    markup = HTMX_CLASS.sub("", markup)
    order: dict[str, int] = {}

    def name(number: re.Match) -> str:
        return f"[{order.setdefault(number.group(), len(order))}]"

    def leave_out(found: re.Match) -> str:
        if found.group(1) is None:
            return "#"
        return f'{found.group(1)}="{NUMBER.sub(name, found.group(2))}"'

    return NUMBER_OR_REFERENCE.sub(leave_out, markup)


def page_state(page, html: str) -> str:
    """A digest of what axe's findings on `page` depend on: its shape, the focused
    and hovered elements, the viewport, the pixel ratio and the colour scheme."""
    conditions = json.dumps(page.evaluate(PAGE_CONDITIONS), sort_keys=True)
    return hashlib.sha256(f"{conditions}\n{page_shape(html)}".encode()).hexdigest()


class Findings:
    """axe's findings by page state, shared by the processes of one test run (each
    pytest-xdist worker) through a folder: a file per state, written whole."""

    def __init__(self):
        self.folder: Path | None = None
        self.known: dict[str, list[dict]] = {}

    def get(self, state: str) -> list[dict] | None:
        if state not in self.known and self.folder and (self.folder / state).exists():
            self.known[state] = json.loads((self.folder / state).read_text())
        return self.known.get(state)

    def keep(self, state: str, violations: list[dict]) -> None:
        self.known[state] = violations
        if self.folder:
            written = self.folder / f"{state}.{os.getpid()}"
            written.write_text(json.dumps(violations))
            written.replace(self.folder / state)


FINDINGS = Findings()


def share_findings(folder: Path) -> None:
    """Keep findings in `folder`, where the other processes of this run look too."""
    folder.mkdir(parents=True, exist_ok=True)
    FINDINGS.folder = folder


def _findings(page, html: str, show=None) -> list[dict]:
    """axe's findings on `page` showing `html`: those of the same state checked
    before, else axe's own (after `show()` puts `html` on the page, if it is not yet)."""
    state = page_state(page, html)
    found = FINDINGS.get(state)
    if found is None:
        if show:
            show()
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.evaluate(AXE_SOURCE)
        found = page.evaluate(RUN_AXE)
        FINDINGS.keep(state, found)
    return found


def _run_axe(page) -> list[dict]:
    return _findings(page, page.content())


def _run_axe_on_copy(page, twin) -> list[dict]:
    html = SCRIPT_TAG.sub("", page.content()).replace(
        "<head>", f'<head><base href="{page.url}">', 1
    )
    return _findings(twin, html, show=lambda: twin.set_content(html))


def audit(page, label: str = "") -> None:
    """Run every axe rule on the page as it is now; fail on any violation.

    A page's text is there before its load event (the stylesheet and scripts come
    after), so a test that waited for words may call this before its load was counted:
    waiting for that event first counts it as the page audited."""
    page.wait_for_load_state("load")
    record = _audits[page]
    violations = _run_axe_on_copy(page, record.twin) if record.twin else _run_axe(page)
    record.audited.add(len(record.loads))
    where = f"{label} {page.url}".strip()
    assert not violations, f"axe found violations on {where}:\n{_describe(violations)}"
    assert not record.csp_errors, f"CSP violations on {where}: {record.csp_errors}"
