"""The admin side: results across every class, item analysis, users and exports."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from . import routes, user_routes  # noqa: E402,F401
