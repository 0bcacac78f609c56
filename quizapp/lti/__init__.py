"""MythCheck as an LTI 1.3 tool: platforms registered by an admin, launches from the
LMS, deep linking, grades back and rosters (see README, "In the school's LMS")."""

from flask import Blueprint

bp = Blueprint("lti", __name__, cli_group=None)

from . import cli, framing, routes, teach_routes  # noqa: E402,F401
