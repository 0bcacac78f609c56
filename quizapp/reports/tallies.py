"""Summary rows kept in step with attempts, so admin reports never read every answer.

ItemTally: answers from each learner's first finished attempt at a quiz, per
question, choice and day. A first full attempt is either finished or still
open (starting again resumes the open one), so "first finished attempt" is
simply the first attempt, once finished.

QuizTally: attempts per quiz and start day, as histograms (see MEASURES).

A day is a date in the school's time zone (`MYTHCHECK_TIMEZONE`), the days
admins filter by.

Each row is defined once, as a query over attempts and answers. The same
query adds one attempt's rows when it starts or finishes (in that
transaction), rebuilds everything after a bulk load, and answers the admin
reports directly for one class or teacher.
"""

from __future__ import annotations

import functools
import re

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased
from sqlalchemy.sql.functions import FunctionElement

from ..content import AttemptMode
from ..database import dialect_insert
from ..extensions import db
from ..models import Answer, Attempt, ItemTally, QuizTally
from ..timezones import school_zone_name
from .scope import Scope

STARTED, FINISHED = "started", "finished"
FIRST_STARTED, FIRST_FINISHED = "first_started", "first_finished"
SCORE, SECONDS = "score_parts", "seconds"
# A score is kept exact, as one number: n_items * SCORE_BASE + n_correct.
SCORE_BASE = 1000


EVERYONE = Scope()


def tally_days(model, scope: Scope) -> sa.Subquery:
    """A tally's rows for the scope's days (everyone)."""
    query = sa.select(model)
    if scope.start is not None:
        query = query.where(model.day >= scope.start)
    if scope.end is not None:
        query = query.where(model.day <= scope.end)
    return query.subquery()


class school_date(FunctionElement):
    """The date a stored (naive UTC) time falls on in a time zone: school_date(time, zone).

    The zone is written into the SQL, not bound, so that a GROUP BY repeats the
    SELECT's expression exactly (PostgreSQL binds each parameter apart)."""

    type = sa.Date()
    inherit_cache = True


def local_day(time_column, zone_name: str):
    if not re.fullmatch(r"[A-Za-z0-9_+/-]+", zone_name):
        raise ValueError(f"not a time zone name: {zone_name!r}")
    return school_date(time_column, sa.literal_column(f"'{zone_name}'", sa.String))


@compiles(school_date)
def _school_date_pg(element, compiler, **kw):
    moment, zone_name = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"CAST(timezone({zone_name}, timezone('UTC', {moment})) AS DATE)"


@compiles(school_date, "sqlite")
def _school_date_sqlite(element, compiler, **kw):
    moment, zone_name = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"school_date({moment}, {zone_name})"


class whole_seconds_between(FunctionElement):
    """Whole seconds from one timestamp to another, on SQLite and PostgreSQL."""

    type = sa.Integer()
    inherit_cache = True


@compiles(whole_seconds_between)
def _seconds_pg(element, compiler, **kw):
    start, end = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"CAST(FLOOR(EXTRACT(EPOCH FROM ({end} - {start}))) AS INTEGER)"


@compiles(whole_seconds_between, "sqlite")
def _seconds_sqlite(element, compiler, **kw):
    start, end = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"CAST((julianday({end}) - julianday({start})) * 86400 AS INTEGER)"


def is_first_full_attempt():
    earlier = aliased(Attempt)
    return sa.and_(
        Attempt.mode == AttemptMode.FULL,
        ~sa.exists().where(
            earlier.user_id == Attempt.user_id,
            earlier.quiz_id == Attempt.quiz_id,
            earlier.mode == AttemptMode.FULL,
            earlier.id < Attempt.id,
        ),
    )


def first_attempt_answers(scope: Scope = EVERYONE, attempt_id=None) -> sa.Select:
    """ItemTally rows computed from the answers: a scope's learners and days, or one attempt."""
    rest = Attempt.n_correct - sa.case((Answer.is_correct, 1), else_=0)
    day = local_day(Answer.answered_at, school_zone_name())
    query = (
        sa.select(
            Answer.question_id,
            Answer.choice_id,
            sa.type_coerce(day, sa.Date).label("day"),
            Answer.language,
            sa.func.count().label("answers"),
            sa.func.sum(rest).label("rest_sum"),
            sa.func.sum(rest * rest).label("rest_squares"),
        )
        .join(Attempt, Attempt.id == Answer.attempt_id)
        .where(Attempt.finished_at.is_not(None), is_first_full_attempt())
        .group_by(Answer.question_id, Answer.choice_id, day, Answer.language)
    )
    if attempt_id is not None:
        query = query.where(Attempt.id == attempt_id)
    return scope.apply(query, Answer.user_id, Answer.answered_at)


def _time_bucket():
    """Seconds spent, to 10 s under 10 minutes, to the minute under an hour, then 3600+."""
    spent = whole_seconds_between(Attempt.started_at, Attempt.finished_at)

    def number(n: int):  # inline, so the GROUP BY repeats the SELECT's expression exactly
        return sa.literal_column(str(n), sa.Integer)

    return sa.case(
        (spent < number(600), spent // number(10) * number(10)),
        (spent < number(3600), spent // number(60) * number(60)),
        else_=number(3600),
    )


def _measures(on_finish: bool):
    finished = Attempt.finished_at.is_not(None)
    full_finished = sa.and_(finished, Attempt.mode == AttemptMode.FULL, Attempt.n_items > 0)
    base = sa.literal_column(str(SCORE_BASE), sa.Integer)
    score = Attempt.n_items * base + Attempt.n_correct
    if not on_finish:
        return [(STARTED, sa.true(), None), (FIRST_STARTED, is_first_full_attempt(), None)]
    return [
        (FINISHED, finished, None),
        (FIRST_FINISHED, sa.and_(finished, is_first_full_attempt()), None),
        (SCORE, full_finished, score),
        (SECONDS, full_finished, _time_bucket()),
    ]


def score_share(value):
    """The share right (0 to 1) of a SCORE value: n_correct / n_items, unrounded."""
    base = sa.literal_column(str(SCORE_BASE), sa.Integer)
    one = sa.literal_column("1.0", sa.Float)
    return sa.cast(one * (value % base) / (value // base), sa.Float)


def attempt_counts(scope: Scope = EVERYONE, attempt_id=None, on_finish=None):
    """QuizTally rows computed from the attempts: a scope's learners and days, or one
    attempt when it starts (on_finish=False) or finishes (True); both kinds when None."""
    kinds = (False, True) if on_finish is None else (on_finish,)
    day = local_day(Attempt.started_at, school_zone_name())
    parts = []
    for measure, condition, value in (m for kind in kinds for m in _measures(kind)):
        query = sa.select(
            Attempt.quiz_id,
            sa.type_coerce(day, sa.Date).label("day"),
            sa.literal_column(f"'{measure}'", sa.String).label("measure"),
            (value if value is not None else sa.literal_column("0", sa.Integer)).label("value"),
            sa.func.count().label("attempts"),
        ).where(condition)
        query = query.group_by(Attempt.quiz_id, day, *([value] if value is not None else []))
        if attempt_id is not None:
            query = query.where(Attempt.id == attempt_id)
        parts.append(scope.apply(query, Attempt.user_id, Attempt.started_at))
    return sa.union_all(*parts)


def _add(model, keys: tuple[str, ...], counters: tuple[str, ...], query, params=None) -> None:
    """Add the query's rows to the model's counters (inserting rows not there yet)."""
    rows = [dict(row) for row in db.session.execute(query, params).mappings()]
    if not rows:
        return
    # One order for every writer, so two transactions never lock rows crosswise.
    rows.sort(key=lambda row: tuple(str(row[key]) for key in keys))
    statement = dialect_insert(model).values(rows)
    add = {name: getattr(model, name) + getattr(statement.excluded, name) for name in counters}
    db.session.execute(statement.on_conflict_do_update(index_elements=list(keys), set_=add))


ITEM_KEYS, ITEM_COUNTERS = (
    ("question_id", "choice_id", "day", "language"),
    ("answers", "rest_sum", "rest_squares"),
)
QUIZ_KEYS, QUIZ_COUNTERS = ("measure", "quiz_id", "value", "day"), ("attempts",)


THIS_ATTEMPT = sa.bindparam("attempt_id", type_=sa.Integer)


def _one_attempt_queries() -> dict[str, sa.Select]:
    return _one_attempt_queries_in(school_zone_name())


@functools.cache
def _one_attempt_queries_in(zone_name: str) -> dict[str, sa.Select]:
    """The tally rows of one attempt (THIS_ATTEMPT), built once per time zone: every
    start and finish runs them, and building them each time cost more than running them."""
    return {
        STARTED: attempt_counts(attempt_id=THIS_ATTEMPT, on_finish=False),
        FINISHED: attempt_counts(attempt_id=THIS_ATTEMPT, on_finish=True),
        "answers": first_attempt_answers(attempt_id=THIS_ATTEMPT),
    }


def count_started(attempt_id: int) -> None:
    """Count a just-started attempt (call before its transaction commits)."""
    query, params = _one_attempt_queries()[STARTED], {"attempt_id": attempt_id}
    _add(QuizTally, QUIZ_KEYS, QUIZ_COUNTERS, query, params)


def count_finished(attempt_id: int) -> None:
    """Count a just-finished attempt and, if it is the learner's first, its answers."""
    queries, params = _one_attempt_queries(), {"attempt_id": attempt_id}
    _add(QuizTally, QUIZ_KEYS, QUIZ_COUNTERS, queries[FINISHED], params)
    _add(ItemTally, ITEM_KEYS, ITEM_COUNTERS, queries["answers"], params)


def rebuild(connection=None, models=(ItemTally, QuizTally)) -> None:
    """Recount the tallies from the attempts and answers (not committed), in the
    session or on the given connection (a migration's)."""
    run = (connection or db.session).execute
    for model, query in ((ItemTally, first_attempt_answers()), (QuizTally, attempt_counts())):
        if model not in models:
            continue
        run(sa.delete(model))
        columns = [column.name for column in query.selected_columns]
        run(sa.insert(model).from_select(columns, query))
