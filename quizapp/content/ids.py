"""The ids and kinds the code names, spelled as the database stores them.

Every module compares against these names rather than against string literals,
so renaming a word (or a stored value, with a migration) happens here alone.
The enums are `StrEnum`s: a member is the plain string it stands for, in SQL
parameters, templates and JSON alike.
"""

from enum import StrEnum

SOURCE_LANGUAGE = "en"
"""The language the course is written in; questions/<language>/ hold its translations."""

PRE_QUIZ = "myth-check-pre"
POST_QUIZ = "myth-check-post"
MYTH_PROBE_QUIZ = "myth-review"
"""The quiz without questions of its own that myth-probe attempts belong to."""


class QuizKind(StrEnum):
    """`Quiz.kind`: what a quiz is for."""

    LESSON = "lesson"
    PRE = "pre"
    POST = "post"
    MYTH_PROBE = "review"


class AttemptMode(StrEnum):
    """`Attempt.mode`, and `Assignment.mode` for the attempts an assignment asks for.

    A myth probe draws one fresh question on each of some chosen myths: the
    learner's due myths (spaced review) or the myths of a re-teach assignment.
    The name says what it is; the value stored for it is "review".
    """

    FULL = "full"
    RETRY = "retry"
    MYTH_PROBE = "review"
    DELAYED = "delayed"
    LIVE = "live"


class QuestionForm(StrEnum):
    """`Question.form`: how a question asks."""

    SCENARIO = "scenario"
    TRUE_FALSE = "true-false"
    WHICH_IS_TRUE = "which-is-true"
    RECALL = "recall"
