"""The course: the ids and kinds every module names, questions/ parsed into typed
specs, the course rules, the sync into the database and the per-process snapshot.

`sync` writes through the models, and the models take their kinds from `ids`;
so that `quizapp.models` can import `quizapp.content.ids` whichever of the two
loads first, `sync_course` and `load_content` are imported on first use
(module `__getattr__`) rather than here.
"""

from importlib import import_module

from .ids import (
    MYTH_PROBE_QUIZ,
    POST_QUIZ,
    PRE_QUIZ,
    SOURCE_LANGUAGE,
    AttemptMode,
    QuestionForm,
    QuizKind,
)
from .parse import ContentError
from .rules import course_problems
from .specs import ChoiceSpec, Course, LessonSpec, MythSpec, QuestionSpec, QuizSpec
from .translate import drafts, read_course

_FROM_SYNC = ("load_content", "sync_course")

__all__ = [
    "POST_QUIZ",
    "PRE_QUIZ",
    "MYTH_PROBE_QUIZ",
    "AttemptMode",
    "ChoiceSpec",
    "ContentError",
    "Course",
    "LessonSpec",
    "MythSpec",
    "QuestionForm",
    "QuestionSpec",
    "QuizKind",
    "QuizSpec",
    "course_problems",
    "read_course",
    "drafts",
    "SOURCE_LANGUAGE",
    *_FROM_SYNC,
]


def __getattr__(name: str):
    if name in _FROM_SYNC:
        return getattr(import_module(".sync", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
