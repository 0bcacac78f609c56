"""`make audit`: pip-audit over the lock file, and a clear word when it could not look.

pip-audit prints "No known vulnerabilities found" and exits 0 even when it
could not reach its vulnerability database and skipped every package (a
blocked network). Here a skipped package is a failure of its own:

  exit 0  every locked package was checked and none has a known vulnerability
  exit 1  known vulnerabilities (listed)
  exit 2  the vulnerability database could not be reached for some packages
          (named): nothing is known about them, which is not "no vulnerabilities"
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements" / "dev.lock"
PIP_AUDIT = ROOT / ".venv" / "bin" / "pip-audit"


def run_pip_audit(lock: Path = LOCK) -> tuple[dict | None, str]:
    """pip-audit's JSON report of `lock` (None when it gave none), and its messages."""
    command = [str(PIP_AUDIT), "-r", str(lock), "--require-hashes", "--disable-pip"]
    command += ["--format", "json", "--progress-spinner", "off"]
    result = subprocess.run(command, capture_output=True, text=True)
    try:
        return json.loads(result.stdout), result.stderr
    except json.JSONDecodeError:
        return None, result.stderr + result.stdout


def verdict(report: dict | None, messages: str = "") -> tuple[int, list[str]]:
    """The exit status and the lines to print for a pip-audit JSON report."""
    if report is None:
        return 2, ["AUDIT NOT DONE: pip-audit gave no report.", messages.strip()]
    packages = report.get("dependencies", [])
    skipped = [p for p in packages if p.get("skip_reason")]
    vulnerable = [p for p in packages if p.get("vulns")]
    lines = [
        f"{p['name']} {p['version']}: {v['id']} (fixed in {', '.join(v['fix_versions']) or '-'})"
        for p in vulnerable
        for v in p["vulns"]
    ]
    if skipped:
        lines.append(
            f"AUDIT INCOMPLETE: the vulnerability database could not be reached for "
            f"{len(skipped)} of {len(packages)} packages, so nothing is known about them "
            f"(this is not 'no known vulnerabilities'). First reason: {skipped[0]['skip_reason']}"
        )
        lines.append("Not checked: " + ", ".join(p["name"] for p in skipped))
    if vulnerable:
        return 1, [f"{len(lines)} known vulnerabilities:", *lines]
    if skipped:
        return 2, lines
    return 0, [f"All {len(packages)} locked packages checked: no known vulnerabilities."]


def main() -> int:
    status, lines = verdict(*run_pip_audit())
    print("\n".join(lines), file=sys.stderr if status else sys.stdout)
    return status


if __name__ == "__main__":
    sys.exit(main())
