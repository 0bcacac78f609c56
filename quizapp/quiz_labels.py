"""How quizzes are named and ordered for people: the two myth checks share a title,
and a review or delayed assignment is named by what it is for."""

import sqlalchemy as sa

from .models import Quiz

QUIZ_LABELS = {"pre": "Myth check (before the lessons)", "post": "Final myth check"}
MODE_LABELS = {
    "review": "Review quiz: myths the class still holds",
    "delayed": "Myth check again, weeks later",
}


def quiz_label(kind: str, title: str, mode: str = "full") -> str:
    """How a quiz is named on teacher and admin pages."""
    return MODE_LABELS.get(mode) or QUIZ_LABELS.get(kind, title)


def course_order():
    """Sort key of quizzes as a learner meets them: the myth check, the lessons, the final check."""
    return sa.case((Quiz.kind == "pre", 0), (Quiz.kind == "lesson", 1), else_=2)
