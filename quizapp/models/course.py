"""The course as loaded from questions/ (content/sync.py writes these rows): myths,
lessons, quizzes, questions and their choices, with their translations."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..content.ids import SOURCE_LANGUAGE, QuizKind
from ..extensions import db


class Translated:
    """Course text in other languages beside the English columns, on the same row: answers,
    beliefs and reviews point at one question, choice or myth whatever its language.

    `translations` is {language: {column: text}}, written by content/sync.py; every
    language the course is loaded in has every text column (the loader checks)."""

    translations: Mapped[dict] = mapped_column(sa.JSON, default=dict, server_default="{}")

    def in_language(self, name: str, language: str, from_files: bool | None = None):
        """The column's text in `language`. Rows the files no longer hold (retired, or
        the review quiz the code makes) keep their English if they were never translated;
        a row the files hold always has its translation (a KeyError is a loader bug).
        `from_files` says it for a row that cannot tell (a choice of a retired question)."""
        if language == SOURCE_LANGUAGE:
            return getattr(self, name)
        texts = self.translations.get(language)
        if texts is None and not (self.from_files if from_files is None else from_files):
            return getattr(self, name)
        return self.translations[language][name]

    @property
    def from_files(self) -> bool:
        return getattr(self, "active", True)


class Myth(Translated, db.Model):
    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    position: Mapped[int] = mapped_column(default=0)
    statement: Mapped[str] = mapped_column(sa.Text)
    fact: Mapped[str] = mapped_column(sa.Text)
    dangerous: Mapped[bool] = mapped_column(default=False)
    safety_note: Mapped[str] = mapped_column(sa.Text, default="")
    active: Mapped[bool] = mapped_column(default=True)


class ContentRevision(db.Model):
    """One row: a new token each time the content is loaded (see content/snapshot.py)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(sa.String(64))


class Lesson(Translated, db.Model):
    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    position: Mapped[int] = mapped_column(index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    minutes: Mapped[int] = mapped_column(default=2)
    safety: Mapped[bool] = mapped_column(default=False)
    body_html: Mapped[str] = mapped_column(sa.Text)
    key_facts: Mapped[list] = mapped_column(sa.JSON, default=list)
    sources: Mapped[list] = mapped_column(sa.JSON, default=list)
    discussion: Mapped[list] = mapped_column(sa.JSON, default=list)
    standards: Mapped[list] = mapped_column(sa.JSON, default=list)
    active: Mapped[bool] = mapped_column(default=True)


class Quiz(Translated, db.Model):
    """A fixed list of questions: a lesson's quiz, the pre or post myth check.

    The myth-probe quiz has no questions of its own; its attempts draw items.
    """

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(10))
    lesson_id: Mapped[str | None] = mapped_column(sa.ForeignKey("lesson.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    position: Mapped[int] = mapped_column(default=0)
    intro_html: Mapped[str] = mapped_column(sa.Text, default="")

    lesson: Mapped[Lesson | None] = relationship()

    @property
    def from_files(self) -> bool:
        return self.kind != QuizKind.MYTH_PROBE


class Question(Translated, db.Model):
    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    quiz_id: Mapped[str] = mapped_column(sa.ForeignKey("quiz.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    form: Mapped[str] = mapped_column(sa.String(20))
    stem: Mapped[str] = mapped_column(sa.Text)
    active: Mapped[bool] = mapped_column(default=True)

    choices: Mapped[list[Choice]] = relationship(
        order_by="Choice.position", back_populates="question"
    )
    myths: Mapped[list[Myth]] = relationship(secondary="question_myth", order_by="Myth.position")


class QuestionMyth(db.Model):
    question_id: Mapped[str] = mapped_column(sa.ForeignKey("question.id"), primary_key=True)
    myth_id: Mapped[str] = mapped_column(sa.ForeignKey("myth.id"), primary_key=True, index=True)


class Choice(Translated, db.Model):
    __table_args__ = (sa.UniqueConstraint("question_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[str] = mapped_column(sa.ForeignKey("question.id"))
    key: Mapped[str] = mapped_column(sa.String(8))
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(sa.Text)
    is_correct: Mapped[bool] = mapped_column(default=False)
    feedback: Mapped[str] = mapped_column(sa.Text)
    myth_id: Mapped[str | None] = mapped_column(sa.ForeignKey("myth.id"))
    active: Mapped[bool] = mapped_column(default=True)

    question: Mapped[Question] = relationship(back_populates="choices")
    myth: Mapped[Myth | None] = relationship()
