"""The benches find gunicorn and flask beside the running Python, else on PATH."""

import sys

import pytest

from bench.tools import tool


def script(folder, name: str):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return path


def test_a_tool_beside_the_running_python_comes_first(tmp_path, monkeypatch):
    env = tmp_path / "any-env-name" / "bin"
    beside = script(env, "gunicorn")
    script(tmp_path / "path", "gunicorn")
    monkeypatch.setattr(sys, "executable", str(env / "python"))
    monkeypatch.setenv("PATH", str(tmp_path / "path"))
    assert tool("gunicorn") == str(beside)


def test_otherwise_the_tool_on_path(tmp_path, monkeypatch):
    on_path = script(tmp_path / "path", "flask")
    monkeypatch.setattr(sys, "executable", str(tmp_path / "bin" / "python"))
    monkeypatch.setenv("PATH", str(tmp_path / "path"))
    assert tool("flask") == str(on_path)


def test_a_missing_tool_says_where_it_looked(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "executable", str(tmp_path / "bin" / "python"))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(FileNotFoundError, match="flask is neither beside"):
        tool("flask")
