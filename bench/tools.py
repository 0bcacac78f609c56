"""The command-line tools the benches and tests start (gunicorn, flask)."""

import shutil
import sys
from pathlib import Path


def tool(name: str) -> str:
    """The path of the `name` script installed with the running Python, else on PATH.

    A virtual environment keeps its scripts beside its python, activated or not and
    whatever its folder is called; a system install puts them on PATH."""
    beside = Path(sys.executable).with_name(name)
    if beside.is_file():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        raise FileNotFoundError(f"{name} is neither beside {sys.executable} nor on PATH")
    return found
