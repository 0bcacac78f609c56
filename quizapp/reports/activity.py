"""What learners did, for admins: attempts started and finished, scores and time
per quiz, and every answer for the researcher export.

Every function takes a `Scope` (class, teacher, date range) and applies all of
it. Figures read QuizTally (see `tallies`), kept up to date as attempts start
and finish; for one class or teacher they run the tally's own query on that
group's attempts instead, so both paths give the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from .. import scoring
from ..content import SOURCE_LANGUAGE, QuizKind
from ..extensions import db
from ..models import Answer, Attempt, Choice, Classroom, Quiz, QuizTally, User
from ..quiz_labels import course_order, quiz_label
from . import tallies as t
from .scope import Scope
from .wording import in_language

MIN_ANSWERS = 20


def quiz_source(scope: Scope) -> sa.Subquery:
    """QuizTally rows in scope: (quiz_id, day, measure, value, attempts)."""
    if scope.by_people:
        return t.attempt_counts(scope).subquery()
    return t.tally_days(QuizTally, scope)


def counted(source: sa.Subquery, measure: str):
    """Sum of the source's counts for one measure (0 when there are none)."""
    return sa.func.coalesce(sa.func.sum(source.c.attempts).filter(source.c.measure == measure), 0)


def scalar(query) -> int:
    return db.session.execute(query).scalar() or 0


@dataclass
class Overview:
    students: int
    teachers: int
    classes: int
    attempts_started: int
    attempts_finished: int
    answers: int


def overview(scope: Scope) -> Overview:
    """Headline counts: people and classes in scope, and what they did within its dates."""
    students = scope.learner_count()
    if scope.by_people:
        teachers = scalar(
            sa.select(sa.func.count(sa.distinct(Classroom.teacher_id))).where(
                Classroom.id.in_(scope.classes())
            )
        )
    else:
        teachers = scalar(sa.select(sa.func.count()).where(User.role == "teacher"))
    classes = scalar(sa.select(sa.func.count()).select_from(scope.classes().subquery()))
    source = quiz_source(scope)
    started, finished = db.session.execute(
        sa.select(counted(source, t.STARTED), counted(source, t.FINISHED))
    ).one()
    answers = scalar(
        scope.apply(
            sa.select(sa.func.count()).select_from(Answer), Answer.user_id, Answer.answered_at
        )
    )
    return Overview(students, teachers, classes, started, finished, answers)


@dataclass
class DayActivity:
    day: date
    started: int
    finished: int


def activity(scope: Scope) -> list[DayActivity]:
    """Quizzes started per day, and how many of those were finished."""
    source = quiz_source(scope)
    rows = db.session.execute(
        sa.select(source.c.day, counted(source, t.STARTED), counted(source, t.FINISHED))
        .where(source.c.measure.in_((t.STARTED, t.FINISHED)))
        .group_by(source.c.day)
        .order_by(source.c.day)
    )
    return [DayActivity(*row) for row in rows]


def course_quizzes(language: str = SOURCE_LANGUAGE) -> list[tuple[str, str, str]]:
    """(id, kind, label in `language`) of the myth checks and lesson quizzes, in course order."""
    rows = db.session.execute(
        sa.select(Quiz.id, Quiz.kind, in_language(Quiz.title, language))
        .where(Quiz.kind.in_((QuizKind.PRE, QuizKind.LESSON, QuizKind.POST)))
        .order_by(course_order(), Quiz.position)
    )
    return [(quiz_id, kind, quiz_label(kind, title)) for quiz_id, kind, title in rows]


@dataclass
class QuizStats:
    quiz_id: str
    label: str
    kind: str
    started: int = 0
    finished: int = 0
    scored: int = 0
    mean_percent: float | None = None
    median_percent: float | None = None
    median_seconds: float | None = None

    @property
    def completion(self) -> int | None:
        return scoring.percent(self.finished, self.started) if self.started else None

    @property
    def too_few(self) -> bool:
        """Too few finished attempts to judge the scores by (as on the Items page)."""
        return self.scored < MIN_ANSWERS


def lesson_stats(scope: Scope, language: str = SOURCE_LANGUAGE) -> list[QuizStats]:
    """Per quiz of the course: learners who started and finished it, scores and time spent.

    Learners count once per quiz (their first full attempt); scores and times
    cover every finished full attempt. Scores are each attempt's exact share right
    (averaged, or the middle one), times in buckets (see tallies).
    """
    quizzes = course_quizzes(language)
    stats = {qid: QuizStats(qid, label, kind) for qid, kind, label in quizzes}
    source = quiz_source(scope)
    is_score = source.c.measure == t.SCORE
    share_sum = sa.func.sum(t.score_share(source.c.value) * source.c.attempts).filter(is_score)
    rows = db.session.execute(
        sa.select(
            source.c.quiz_id,
            counted(source, t.FIRST_STARTED),
            counted(source, t.FIRST_FINISHED),
            share_sum,
            counted(source, t.SCORE),
        ).group_by(source.c.quiz_id)
    )
    for quiz_id, started, finished, shares, scores in rows:
        if quiz_id in stats:
            row = stats[quiz_id]
            row.started, row.finished, row.scored = started, finished, int(scores)
            row.mean_percent = 100 * float(shares) / int(scores) if scores else None
    for quiz_id, median in _medians(source, t.SCORE, t.score_share).items():
        if quiz_id in stats:
            stats[quiz_id].median_percent = 100 * median
    for quiz_id, median in _medians(source, t.SECONDS, lambda value: value).items():
        if quiz_id in stats:
            stats[quiz_id].median_seconds = median
    return list(stats.values())


def _medians(source: sa.Subquery, measure: str, number) -> dict[str, float]:
    """Quiz -> median of one measure, from its histogram (a running sum per quiz).

    The true median: the middle value, or the mean of the two middle values when
    the count is even. `number` turns a stored value into the number it stands for.
    """
    histogram = (
        sa.select(
            source.c.quiz_id,
            number(source.c.value).label("x"),
            sa.func.sum(source.c.attempts).label("n"),
        )
        .where(source.c.measure == measure)
        .group_by(source.c.quiz_id, source.c.value)
        .subquery()
    )
    quiz = {"partition_by": histogram.c.quiz_id}
    running = sa.select(
        histogram.c.quiz_id,
        histogram.c.x,
        sa.func.sum(histogram.c.n).over(**quiz, order_by=histogram.c.x).label("upto"),
        sa.func.sum(histogram.c.n).over(**quiz).label("total"),
    ).subquery()
    lower = sa.func.min(running.c.x).filter(running.c.upto * 2 >= running.c.total)
    upper = sa.func.min(running.c.x).filter(running.c.upto * 2 > running.c.total)
    rows = db.session.execute(
        sa.select(running.c.quiz_id, lower, upper).group_by(running.c.quiz_id)
    )
    return {quiz_id: (float(low) + float(high)) / 2 for quiz_id, low, high in rows}


def answer_rows(scope: Scope) -> sa.Select:
    """Every answer in scope with its quiz, choice key and language, in the order given
    (to stream)."""
    query = (
        sa.select(
            Answer.id,
            Answer.user_id,
            Answer.attempt_id,
            Attempt.quiz_id,
            Attempt.mode,
            Answer.question_id,
            Choice.key,
            Answer.is_correct,
            Answer.certainty,
            Answer.cbm,
            Answer.answered_at,
            Answer.language,
        )
        .join(Attempt, Attempt.id == Answer.attempt_id)
        .join(Choice, Choice.id == Answer.choice_id)
        .order_by(Answer.id)
    )
    return scope.apply(query, Answer.user_id, Answer.answered_at)
