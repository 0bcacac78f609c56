"""The app's clock: every rule that depends on the time asks here.

Tests travel in time by setting `app.config["CLOCK"]` to a callable that
returns a naive UTC datetime; without it the real time is used.
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app, has_app_context

from .models import utcnow


def now() -> datetime:
    """The current naive UTC time, or the time the app's CLOCK says."""
    clock = current_app.config.get("CLOCK") if has_app_context() else None
    return clock() if clock else utcnow()
