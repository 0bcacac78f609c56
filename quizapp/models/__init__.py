"""Database models (SQLAlchemy 2.0 declarative, typed), a module per subject.

Import them from here (`from quizapp.models import Attempt`): every model is named
in this module, so the schema is whole whichever one a caller needs.
"""

from .classes import Assignment, Classroom, Membership
from .course import Choice, ContentRevision, Lesson, Myth, Question, QuestionMyth, Quiz, Translated
from .learning import Answer, Attempt, AttemptItem, MythBelief, Relapse
from .people import ROLES, AdminView, PasswordReset, User, hash_password, new_token
from .tallies import ItemTally, QuizTally

__all__ = [
    "ROLES",
    "AdminView",
    "Answer",
    "Assignment",
    "Attempt",
    "AttemptItem",
    "Choice",
    "Classroom",
    "ContentRevision",
    "ItemTally",
    "Lesson",
    "Membership",
    "Myth",
    "MythBelief",
    "PasswordReset",
    "Question",
    "QuestionMyth",
    "Quiz",
    "QuizTally",
    "Relapse",
    "Translated",
    "User",
    "hash_password",
    "new_token",
]

from ..live.models import LiveParticipant, LiveSession  # noqa: E402,F401  (one metadata)
