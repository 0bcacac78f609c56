"""The teacher side: classes, join codes, assignments and class insight.

`bp` holds the teacher pages (teachers and admins); `join_bp` the pages a
learner uses to join a class by code, link or QR code.
"""

from flask import Blueprint

bp = Blueprint("teach", __name__, url_prefix="/teach")
join_bp = Blueprint("join", __name__)

from . import assign, insight, join, reteach, routes  # noqa: E402,F401
