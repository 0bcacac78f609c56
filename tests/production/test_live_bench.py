"""bench.live_sessions in a tiny configuration: the production stack, two sessions of
three phones, a worker killed mid-session; every acknowledged answer is stored.

Skipped, saying why, when Debian's nginx is missing (`.ci/run` installs it).
"""

import os
from pathlib import Path

import pytest

from bench import live_sessions
from deploy.serve_prod import NGINX
from tests.conftest import run_apart

PORT = os.environ.get("TEST_LIVE_BENCH_PORT", "5225")

pytestmark = pytest.mark.skipif(not Path(NGINX).exists(), reason=f"no nginx at {NGINX}")


def test_a_tiny_live_bench_runs_through_nginx_and_loses_no_answer(tmp_path, capsys):
    args = live_sessions.parse_args(
        [
            "--database-url",
            f"sqlite:///{tmp_path / 'live.db'}",
            "--redis-url",
            "",
            "--sessions",
            "2",
            "--students",
            "3",
            "--period",
            "1.5,2",
            "--think",
            "0.2,0.5",
            "--duration",
            "6",
            "--ramp",
            "1",
            "--lobby-seconds",
            "1",
            "--kill-worker",
            "3",
            "--port",
            PORT,
            "--log-dir",
            str(tmp_path),
        ]
    )

    missed = run_apart(lambda: live_sessions.run(args))

    out = capsys.readouterr().out
    assert "lost 0, unacknowledged_extra 0, duplicated 0" in out, out
    assert "sessions that moved on after it 2/2" in out, out
    assert "click to screen: " in out and "missed 0" in out, out
    assert not [m for m in missed if "lost" in m or "replaced" in m or "gave up" in m], missed
