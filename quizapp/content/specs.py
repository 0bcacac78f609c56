"""The course as parsed from questions/: typed, immutable, validated specs.

The parser builds them, the course rules read them, the sync writes them into
the database; nothing else sees the YAML.
"""

from __future__ import annotations

from dataclasses import dataclass

from .ids import QuestionForm, QuizKind


@dataclass(frozen=True, slots=True)
class MythSpec:
    id: str
    statement: str
    fact: str
    dangerous: bool
    safety_note: str


@dataclass(frozen=True, slots=True)
class ChoiceSpec:
    key: str
    text: str
    correct: bool
    feedback: str
    myth: str | None
    """The id of the myth a learner who picks this choice holds, if any."""


@dataclass(frozen=True, slots=True)
class QuestionSpec:
    id: str
    form: QuestionForm
    stem: str
    probes: tuple[str, ...]
    choices: tuple[ChoiceSpec, ...]
    source: str
    where: str
    """The file the question came from and its place in that file, for error messages."""


@dataclass(frozen=True, slots=True)
class LessonSpec:
    id: str
    position: int
    title: str
    summary: str
    minutes: int
    safety: bool
    body_html: str
    key_facts: tuple[str, ...]
    sources: tuple[str, ...]
    discussion: tuple[str, ...]
    standards: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class QuizSpec:
    id: str
    kind: QuizKind
    title: str
    position: int
    questions: tuple[QuestionSpec, ...]
    lesson: LessonSpec | None = None
    intro_html: str = ""
    source: str = ""
    """The file the quiz came from."""


@dataclass(frozen=True, slots=True)
class Course:
    myths: tuple[MythSpec, ...]
    quizzes: tuple[QuizSpec, ...]
    translations: tuple[Course, ...] = ()
    """The same course in each other language it is taught in, checked against this one."""
    language: str = "en"

    @property
    def lessons(self) -> list[QuizSpec]:
        return [quiz for quiz in self.quizzes if quiz.kind == QuizKind.LESSON]

    @property
    def questions(self) -> list[QuestionSpec]:
        return [question for quiz in self.quizzes for question in quiz.questions]
