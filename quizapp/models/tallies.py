"""The summary tables the reports read instead of every answer and attempt
(kept in step with the writes by quizapp/reports/tallies.py)."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..content.ids import SOURCE_LANGUAGE
from ..extensions import db


class ItemTally(db.Model):
    """Answers from each learner's first finished attempt at a quiz, summed per day, choice
    and the language they were given in.

    Kept up to date when an attempt finishes (attempts.finish_attempt) so item
    analysis and myth-check shares read a few thousand rows, not every answer.
    `rest` is the attempt's score without this item (for discrimination).
    """

    question_id: Mapped[str] = mapped_column(sa.ForeignKey("question.id"), primary_key=True)
    choice_id: Mapped[int] = mapped_column(sa.ForeignKey("choice.id"), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    language: Mapped[str] = mapped_column(
        sa.String(8), primary_key=True, default=SOURCE_LANGUAGE, server_default=SOURCE_LANGUAGE
    )
    answers: Mapped[int] = mapped_column(default=0)
    rest_sum: Mapped[int] = mapped_column(default=0)
    rest_squares: Mapped[int] = mapped_column(default=0)


class QuizTally(db.Model):
    """Attempts per quiz and start day, as small histograms: what the lesson and
    activity reports read instead of every attempt.

    `measure` names what is counted (see quizapp.reports.tallies): every attempt started
    or finished, each learner's first full attempt started or finished, and
    finished full attempts by exact score (`value` = n_items * 1000 + n_correct,
    see tallies.SCORE_BASE) or time spent (`value` =
    seconds, in buckets). Kept up to date as attempts start and finish.
    """

    # Key in this order: a report reads one measure, grouped by quiz and value.
    measure: Mapped[str] = mapped_column(sa.String(16), primary_key=True)
    quiz_id: Mapped[str] = mapped_column(sa.ForeignKey("quiz.id"), primary_key=True)
    value: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    attempts: Mapped[int] = mapped_column(default=0)
