"""ItemTally: answers from first finished attempts, summed per question, choice and day.

A learner's first full attempt at a quiz is either finished or still open (a
new full attempt resumes the open one), so "first finished attempt" is simply
the first attempt, once it is finished. Its answers are counted the moment it
finishes, in the same transaction; `rebuild` recounts everything from the
answers (after a bulk load). `first_attempt_answers` is the one definition of
a tally row: the admin reports run it directly for a class or a teacher.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from .database import dialect_insert
from .extensions import db
from .models import Answer, Attempt, ItemTally

TALLY_COLUMNS = ("question_id", "choice_id", "day", "answers", "rest_sum", "rest_squares")


def day_start(day: date) -> datetime:
    return datetime.combine(day, time.min)


def first_attempt_answers(
    learners: sa.Select | None = None,
    start: date | None = None,
    end: date | None = None,
    attempt_id: int | None = None,
) -> sa.Select:
    """Tally rows computed from the answers, optionally for some learners, days or one attempt."""
    earlier = aliased(Attempt)
    rest = Attempt.n_correct - sa.case((Answer.is_correct, 1), else_=0)
    query = (
        sa.select(
            Answer.question_id,
            Answer.choice_id,
            sa.type_coerce(sa.func.date(Answer.answered_at), sa.Date).label("day"),
            sa.func.count().label("answers"),
            sa.func.sum(rest).label("rest_sum"),
            sa.func.sum(rest * rest).label("rest_squares"),
        )
        .join(Attempt, Attempt.id == Answer.attempt_id)
        .where(Attempt.mode == "full", Attempt.finished_at.is_not(None))
        .where(
            ~sa.exists().where(
                earlier.user_id == Attempt.user_id,
                earlier.quiz_id == Attempt.quiz_id,
                earlier.mode == "full",
                earlier.id < Attempt.id,
            )
        )
        .group_by(Answer.question_id, Answer.choice_id, sa.func.date(Answer.answered_at))
    )
    if learners is not None:
        query = query.where(Answer.user_id.in_(learners))
    if start is not None:
        query = query.where(Answer.answered_at >= day_start(start))
    if end is not None:
        query = query.where(Answer.answered_at < day_start(end + timedelta(days=1)))
    if attempt_id is not None:
        query = query.where(Attempt.id == attempt_id)
    return query


def count_first_attempt(attempt_id: int) -> None:
    """Add a just-finished attempt's answers to the tally, if it is the learner's first."""
    rows = db.session.execute(first_attempt_answers(attempt_id=attempt_id)).mappings().all()
    if not rows:
        return
    # One order for every writer, so two finishing attempts never lock rows crosswise.
    values = sorted((dict(row) for row in rows), key=lambda r: (r["question_id"], r["choice_id"]))
    statement = dialect_insert(ItemTally).values(values)
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=["question_id", "choice_id", "day"],
            set_={
                "answers": ItemTally.answers + statement.excluded.answers,
                "rest_sum": ItemTally.rest_sum + statement.excluded.rest_sum,
                "rest_squares": ItemTally.rest_squares + statement.excluded.rest_squares,
            },
        )
    )


def rebuild() -> int:
    """Recount the whole tally from the answers (not committed); the number of rows."""
    db.session.execute(sa.delete(ItemTally))
    db.session.execute(
        sa.insert(ItemTally).from_select(TALLY_COLUMNS, first_attempt_answers().subquery())
    )
    return db.session.execute(sa.select(sa.func.count()).select_from(ItemTally)).scalar()
