"""The real course meets the numbers of the content issue; an edit that breaks them fails."""

import subprocess
import sys

from quizapp.coverage import course_problems
from tests.conftest import ROOT, real_course


def test_real_course_meets_every_number():
    assert course_problems(real_course()) == []


def test_course_is_written_in_our_own_words():
    tool = ROOT.parent / "shared" / "tools" / "own-words"
    if not tool.exists():
        import pytest

        pytest.skip("../shared/tools/own-words is not beside this checkout")
    result = subprocess.run(
        [sys.executable, str(tool), "questions", "templates"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout
