"""How quizzes are named and ordered for people: the two myth checks share a title,
and a re-teach or delayed assignment is named by what it is for."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from .content import AttemptMode, QuizKind
from .models import Quiz
from .reading import course_language

QUIZ_LABELS = {
    QuizKind.PRE: _l("Myth check (before the lessons)"),
    QuizKind.POST: _l("Final myth check"),
}
MODE_LABELS = {
    AttemptMode.MYTH_PROBE: _l("Review quiz: myths the class still holds"),
    AttemptMode.DELAYED: _l("Myth check again, weeks later"),
}
# What kind of try an attempt was, in a word (a student's attempts, on the teacher's page).
MODE_WORDS = {
    AttemptMode.FULL: _l("full"),
    AttemptMode.RETRY: _l("retry"),
    AttemptMode.MYTH_PROBE: _l("review"),
    AttemptMode.DELAYED: _l("delayed"),
    AttemptMode.LIVE: _l("live session"),
}


def quiz_label(kind: str, title: str, mode: str = AttemptMode.FULL) -> str:
    """How a quiz is named on teacher and admin pages."""
    return MODE_LABELS.get(mode) or QUIZ_LABELS.get(kind, title)


def label_of(quiz: Quiz, mode: str = AttemptMode.FULL) -> str:
    """A quiz row named for the page's reader, in the language they read the course in."""
    return quiz_label(quiz.kind, quiz.in_language("title", course_language()), mode)


def mode_word(mode: str) -> str:
    return str(MODE_WORDS.get(mode, mode))


def course_order():
    """Sort key of quizzes as a learner meets them: the myth check, the lessons, the final check."""
    return sa.case((Quiz.kind == QuizKind.PRE, 0), (Quiz.kind == QuizKind.LESSON, 1), else_=2)
