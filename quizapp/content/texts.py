"""The translated text of each content row, shaped as its `translations` column stores it.

Only the words a person reads differ between languages (the loader checks the
rest), so each row keeps {language: {column: text}} for its text columns.
"""

from __future__ import annotations

from collections import defaultdict

from .specs import Course

MYTH_TEXT = ("statement", "fact", "safety_note")
LESSON_TEXT = ("title", "summary", "body_html", "key_facts", "sources", "discussion")
QUIZ_TEXT = ("title", "intro_html")


def _fields(spec, names: tuple[str, ...]) -> dict:
    values = {name: getattr(spec, name) for name in names}
    return {name: list(v) if isinstance(v, tuple) else v for name, v in values.items()}


class Texts:
    """Every row's translations, looked up by what identifies the row."""

    def __init__(self, course: Course):
        self.myths: dict[str, dict] = defaultdict(dict)
        self.lessons: dict[str, dict] = defaultdict(dict)
        self.quizzes: dict[str, dict] = defaultdict(dict)
        self.questions: dict[str, dict] = defaultdict(dict)
        self.choices: dict[tuple[str, str], dict] = defaultdict(dict)
        for translation in course.translations:
            self._add(translation)

    def _add(self, course: Course) -> None:
        language = course.language
        for myth in course.myths:
            self.myths[myth.id][language] = _fields(myth, MYTH_TEXT)
        for quiz in course.quizzes:
            self.quizzes[quiz.id][language] = _fields(quiz, QUIZ_TEXT)
            if quiz.lesson:
                self.lessons[quiz.id][language] = _fields(quiz.lesson, LESSON_TEXT)
            for question in quiz.questions:
                self.questions[question.id][language] = {"stem": question.stem}
                for choice in question.choices:
                    text = {"text": choice.text, "feedback": choice.feedback}
                    self.choices[question.id, choice.key][language] = text
