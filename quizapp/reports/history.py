"""What one learner answered: an attempt's myths and wrong answers (their result
page), and every attempt and answer (their teacher's view of them)."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from .. import scoring
from ..content import SOURCE_LANGUAGE
from ..extensions import db
from ..models import Answer, Attempt, AttemptItem, Choice, Myth, Question, QuestionMyth, Quiz
from ..quiz_labels import quiz_label
from .wording import in_language


def attempt_myth_ids(attempt_id: int) -> list[str]:
    """The myths probed by the questions of one attempt."""
    return list(
        db.session.execute(
            db.select(QuestionMyth.myth_id)
            .join(AttemptItem, AttemptItem.question_id == QuestionMyth.question_id)
            .where(AttemptItem.attempt_id == attempt_id)
            .distinct()
        ).scalars()
    )


@dataclass
class WrongAnswer:
    stem: str
    picked: str
    feedback: str
    right: str
    certainty: int

    @property
    def certain(self) -> bool:
        return self.certainty == scoring.CERTAIN


def wrong_answers(attempt_id: int, language: str = SOURCE_LANGUAGE) -> list[WrongAnswer]:
    """Every wrong answer of an attempt with its explanation and the right answer, in
    `language`; those given while "certain" first, as they are the ones to look at again."""
    right = sa.orm.aliased(Choice)
    texts = [
        in_language(column, language)
        for column in (Question.stem, Choice.text, Choice.feedback, right.text)
    ]
    rows = db.session.execute(
        db.select(*texts, Answer.certainty)
        .join(Answer, Answer.question_id == Question.id)
        .join(Choice, Choice.id == Answer.choice_id)
        .join(right, sa.and_(right.question_id == Question.id, right.is_correct, right.active))
        .where(Answer.attempt_id == attempt_id, ~Answer.is_correct)
        .order_by(Answer.certainty.desc(), Answer.answered_at, Answer.id)
    ).all()
    return [WrongAnswer(*row) for row in rows]


@dataclass
class AttemptSummary:
    attempt: Attempt
    label: str


def student_attempts(user_id: int, language: str = SOURCE_LANGUAGE) -> list[AttemptSummary]:
    """Every attempt of one learner, newest first, quizzes named in `language`."""
    rows = db.session.execute(
        db.select(Attempt, Quiz.kind, in_language(Quiz.title, language))
        .join(Quiz, Quiz.id == Attempt.quiz_id)
        .where(Attempt.user_id == user_id)
        .order_by(Attempt.started_at.desc(), Attempt.id.desc())
    ).all()
    return [AttemptSummary(attempt, quiz_label(kind, title)) for attempt, kind, title in rows]


@dataclass
class AnswerRow:
    attempt_id: int
    stem: str
    picked: str
    is_correct: bool
    certainty: int
    myth: str | None


def student_answers(user_id: int, language: str = SOURCE_LANGUAGE) -> dict[int, list[AnswerRow]]:
    """One learner's answers grouped by attempt, each with the myth a wrong pick reflects;
    the words in `language`, whichever language each answer was given in."""
    rows = db.session.execute(
        db.select(
            Answer.attempt_id,
            in_language(Question.stem, language),
            in_language(Choice.text, language),
            Answer.is_correct,
            Answer.certainty,
            in_language(Myth.statement, language),
        )
        .join(Question, Question.id == Answer.question_id)
        .join(Choice, Choice.id == Answer.choice_id)
        .outerjoin(Myth, Myth.id == Choice.myth_id)
        .where(Answer.user_id == user_id)
        .order_by(Answer.attempt_id, Answer.answered_at, Answer.id)
    ).all()
    grouped: dict[int, list[AnswerRow]] = {}
    for row in rows:
        grouped.setdefault(row[0], []).append(AnswerRow(*row))
    return grouped
