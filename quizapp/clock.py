"""The app's clock: every rule that depends on the time asks here.

Tests travel in time by setting `app.config["CLOCK"]` to a callable that
returns a naive UTC datetime; without it the real time is used. This module
imports nothing of the app's, so models and services alike can ask it.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import current_app, has_app_context


def real_now() -> datetime:
    """The machine's time, as the database stores times: naive UTC."""
    return datetime.now(UTC).replace(tzinfo=None)


def now() -> datetime:
    """The current naive UTC time, or the time the app's CLOCK says."""
    clock = current_app.config.get("CLOCK") if has_app_context() else None
    return clock() if clock else real_now()
