"""`make audit` (deploy/audit.py): a vulnerability database it could not reach is
said plainly and fails, never reported as "no known vulnerabilities"."""

from deploy.audit import verdict

CHECKED = {"name": "flask", "version": "3.1.3", "vulns": []}


def test_an_unreachable_database_is_a_failure_that_says_so():
    skipped = {"name": "flask", "version": "3.1.3", "skip_reason": "Dependency not found on PyPI"}
    status, lines = verdict({"dependencies": [skipped, CHECKED], "fixes": []})
    assert status == 2
    assert "could not be reached for 1 of 2 packages" in lines[0]
    assert "packages checked: no known vulnerabilities" not in "\n".join(lines)


def test_no_report_at_all_is_a_failure():
    status, lines = verdict(None, "ConnectionError: network unreachable")
    assert status == 2 and "NOT DONE" in lines[0] and "network unreachable" in lines[1]


def test_known_vulnerabilities_are_listed():
    vuln = {"id": "PYSEC-1", "fix_versions": ["3.1.4"], "description": "x"}
    status, lines = verdict({"dependencies": [{**CHECKED, "vulns": [vuln]}]})
    assert status == 1 and "flask 3.1.3: PYSEC-1 (fixed in 3.1.4)" in lines


def test_every_package_checked_and_clean_passes():
    status, lines = verdict({"dependencies": [CHECKED]})
    assert status == 0 and "All 1 locked packages checked" in lines[0]
