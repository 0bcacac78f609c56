"""The ids and kinds the code names, spelled as the database stores them.

Every module compares against these names rather than against string literals,
so renaming a word (or a stored value, with a migration) happens here alone.
The enums are `StrEnum`s: a member is the plain string it stands for, in SQL
parameters, templates and JSON alike.
"""

from enum import StrEnum

PRE_QUIZ = "myth-check-pre"
POST_QUIZ = "myth-check-post"
REVIEW_QUIZ = "myth-review"


class QuizKind(StrEnum):
    """`Quiz.kind`: what a quiz is for."""

    LESSON = "lesson"
    PRE = "pre"
    POST = "post"
    REVIEW = "review"


class AttemptMode(StrEnum):
    """`Attempt.mode`, and `Assignment.mode` for the attempts an assignment asks for."""

    FULL = "full"
    RETRY = "retry"
    REVIEW = "review"
    DELAYED = "delayed"


class QuestionForm(StrEnum):
    """`Question.form`: how a question asks."""

    SCENARIO = "scenario"
    TRUE_FALSE = "true-false"
    WHICH_IS_TRUE = "which-is-true"
    RECALL = "recall"
