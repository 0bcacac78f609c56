"""The language a request reads the course in: the one Flask-Babel chose for it
(quizapp/languages.py decides; this module only reads it, and imports nothing of
the app, so any view, form or template helper may use it)."""

from flask_babel import get_locale


def course_language() -> str:
    return str(get_locale())
