"""The README's everyday commands run as written: `.venv/bin/flask ...` from the checkout,
in a shell that never exported FLASK_APP."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_flask_commands_find_the_app_without_flask_app_set():
    env = {name: value for name, value in os.environ.items() if name != "FLASK_APP"}
    flask = Path(sys.executable).with_name("flask")
    run = subprocess.run(
        [str(flask), "--help"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    for command in ("lti-send-grades", "lti-keys", "load-content", "create-user"):
        assert command in run.stdout
