"""How quizzes are named and ordered for people: the two myth checks share a title,
and a re-teach or delayed assignment is named by what it is for."""

import sqlalchemy as sa

from .content import AttemptMode, QuizKind
from .models import Quiz

QUIZ_LABELS = {QuizKind.PRE: "Myth check (before the lessons)", QuizKind.POST: "Final myth check"}
MODE_LABELS = {
    AttemptMode.MYTH_PROBE: "Review quiz: myths the class still holds",
    AttemptMode.DELAYED: "Myth check again, weeks later",
}


def quiz_label(kind: str, title: str, mode: str = AttemptMode.FULL) -> str:
    """How a quiz is named on teacher and admin pages."""
    return MODE_LABELS.get(mode) or QUIZ_LABELS.get(kind, title)


def course_order():
    """Sort key of quizzes as a learner meets them: the myth check, the lessons, the final check."""
    return sa.case((Quiz.kind == QuizKind.PRE, 0), (Quiz.kind == QuizKind.LESSON, 1), else_=2)
