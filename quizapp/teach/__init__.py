"""The teacher side: classes, their roster and assignments, and what each class has
done and still believes. Teachers see their own classes; admins see every class."""

from flask import Blueprint

bp = Blueprint("teach", __name__, url_prefix="/teach")

from . import class_routes, report_routes  # noqa: E402,F401
