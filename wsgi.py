"""The app for `flask` commands run from the checkout without FLASK_APP set (Flask's
CLI looks for wsgi.py and calls its `create_app`), as the README's commands are."""

from quizapp import create_app

__all__ = ["create_app"]
