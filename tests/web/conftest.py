"""Fixtures of the web tests that drive the test LMS (tests/web/lti_helpers.py)."""

from .lti_helpers import lms, lms_server  # noqa: F401
