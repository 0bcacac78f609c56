"""The load test's HTTP client spends its CPU on requests, not on looking for modules.

httpcore asks which async library runs it several times per request; without
sniffio installed each ask is a failed import, a search of the whole sys.path.
On two shared cores that slowed the client's hello world more than its answers
and so flattered the throughput ratio.
"""

import asyncio
import sys
from concurrent.futures import ThreadPoolExecutor

from httpcore._synchronization import current_async_library


class LookupRecorder:
    """A meta-path finder that notes every module Python searches for, finds none."""

    def __init__(self):
        self.names: list[str] = []

    def find_spec(self, name, path=None, target=None):
        self.names.append(name)
        return None


async def ask_library() -> str:
    return current_async_library()


def library_named_in_a_fresh_thread() -> str:
    """asyncio.run in a thread of its own: a browser test earlier in the session may
    have left an event loop running in this one."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(ask_library())).result()


def test_httpcore_names_the_async_library_without_searching_for_a_module(monkeypatch):
    library_named_in_a_fresh_thread()
    finder = LookupRecorder()
    monkeypatch.setattr(sys, "meta_path", [finder, *sys.meta_path])

    assert library_named_in_a_fresh_thread() == "asyncio"
    assert finder.names == []
