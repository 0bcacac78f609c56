"""What one test run makes once for all its processes (the pytest-xdist workers):
a result is made by the first process that asks and read back by the others."""

import fcntl
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
_folder: list[Path] = []


def run_folder(tmp_path_factory) -> Path:
    """The temporary folder of the whole run: under pytest-xdist, the one above each
    worker's own."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def share_in(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    _folder[:] = [folder]


def made_once(name: str, make: Callable[[], T]) -> T:
    """`make()`, or what another process of this run made under `name` (pickled);
    a process asking while another makes it waits for it."""
    if not _folder:
        return make()
    with open(_folder[0] / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        kept = _folder[0] / f"{name}.pickle"
        if kept.exists():
            return pickle.loads(kept.read_bytes())
        made = make()
        kept.write_bytes(pickle.dumps(made))
        return made
