"""CSV exports of the admin tables, and the per-answer export for researchers.

The researcher export names no one: each learner is a stable pseudonym (an
HMAC of their id under SECRET_KEY, so the same learner keeps the same code
from one export to the next while the key stays the same). It is streamed in
chunks from a server-side cursor, so a million answers never sit in memory.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
from collections.abc import Iterator

from flask import Response, current_app, stream_with_context

from ..csvexport import neutralise
from ..extensions import db
from ..reports import activity, items, myth_outcomes
from ..reports.scope import Scope

CHUNK_CHARS = 64 * 1024
FETCH_ROWS = 2000
ANSWER_HEADER = (
    "answer_id",
    "learner",
    "attempt_id",
    "quiz_id",
    "attempt_mode",
    "question_id",
    "choice",
    "correct",
    "certainty",
    "cbm_mark",
    "answered_at_utc",
    "language",
)


def _rounded(value: float | None, digits: int = 1):
    return None if value is None else round(value, digits)


def activity_table(scope: Scope):
    rows = [(d.day.isoformat(), d.started, d.finished) for d in activity.activity(scope)]
    return ("day", "quizzes_started", "of_those_finished"), rows


def lessons_table(scope: Scope):
    header = (
        "quiz_id",
        "quiz",
        "learners_started",
        "learners_finished",
        "completion_percent",
        "mean_score_percent",
        "median_score_percent",
        "median_seconds",
    )
    rows = [
        (
            s.quiz_id,
            s.label,
            s.started,
            s.finished,
            s.completion,
            _rounded(s.mean_percent),
            _rounded(s.median_percent),
            s.median_seconds,
        )
        for s in activity.lesson_stats(scope)
    ]
    return header, rows


def myths_table(scope: Scope):
    header = (
        "myth_id",
        "myth",
        "safety",
        "pre_answered",
        "pre_holding_percent",
        "post_answered",
        "post_holding_percent",
        "now_probed",
        "now_holding_percent",
        "normalized_gain",
        "matched_learners",
        "matched_normalized_gain",
    )
    rows = [
        (
            o.myth_id,
            o.statement,
            "yes" if o.dangerous else "no",
            o.pre_answered,
            o.pre_percent,
            o.post_answered,
            o.post_percent,
            o.probed,
            o.now_percent,
            _rounded(o.gain, 3),
            o.matched.pre.n if o.matched else 0,
            _rounded(o.matched.gain if o.matched else None, 3),
        )
        for o in myth_outcomes.myth_outcomes(scope)
    ]
    return header, rows


def items_table(scope: Scope):
    """One row per choice (long format), with its question's statistics repeated."""
    header = (
        "question_id",
        "quiz",
        "question",
        "answers",
        "facility",
        "discrimination",
        "flags",
        "choice",
        "choice_text",
        "correct",
        "picks",
    )
    rows = [
        (
            item.question_id,
            item.quiz,
            item.stem,
            item.answers,
            _rounded(item.facility, 3),
            _rounded(item.discrimination, 3),
            "; ".join(item.flags),
            choice.key,
            choice.text,
            "yes" if choice.is_correct else "no",
            choice.picks,
        )
        for item in items.item_stats(scope)
        for choice in item.choices
    ]
    return header, rows


TABLES = {
    "activity": activity_table,
    "lessons": lessons_table,
    "myths": myths_table,
    "items": items_table,
}


class Pseudonyms:
    """Learner id -> a 16-hex-digit code that cannot be turned back into the id without the key."""

    def __init__(self, key: str):
        self.key = key.encode()
        self.known: dict[int, str] = {}

    def __call__(self, user_id: int | None) -> str:
        if user_id is None:
            return ""
        if user_id not in self.known:
            digest = hmac.new(self.key, f"learner:{user_id}".encode(), hashlib.sha256)
            self.known[user_id] = digest.hexdigest()[:16]
        return self.known[user_id]


def answer_lines(scope: Scope, pseudonym: Pseudonyms) -> Iterator[str]:
    """The answers CSV in chunks of about 64 kB."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(ANSWER_HEADER)
    query = activity.answer_rows(scope).execution_options(yield_per=FETCH_ROWS)
    for row in db.session.execute(query):
        answer_id, user_id, attempt_id, quiz_id, mode, question_id, key, right, *marks, at, said = (
            row
        )
        writer.writerow(
            (
                answer_id,
                pseudonym(user_id),
                attempt_id,
                neutralise(quiz_id),
                mode,
                neutralise(question_id),
                neutralise(key),
                int(right),
                *marks,
                at.isoformat(sep=" ", timespec="seconds"),
                said,
            )
        )
        if buffer.tell() > CHUNK_CHARS:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def answers_response(scope: Scope) -> Response:
    """The per-answer export as a streamed download."""
    lines = answer_lines(scope, Pseudonyms(current_app.config["SECRET_KEY"]))
    return Response(
        stream_with_context(lines),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="mythcheck-answers.csv"'},
    )
