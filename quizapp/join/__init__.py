"""Joining a class: a learner types its code or opens its link or QR code; the
teacher shows the code and QR code on a projector. Leaving a class is here too."""

from flask import Blueprint

bp = Blueprint("join", __name__)

from . import routes  # noqa: E402,F401
