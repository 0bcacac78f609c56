"""Presenting the progress grid: sort keys (work without JavaScript), CSV rows."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..models import Assignment
from ..quiz_labels import label_of
from ..reports.progress import DONE, IN_PROGRESS, NOT_STARTED, GridRow

STATUS_WORDS = {IN_PROGRESS: _l("in progress"), NOT_STARTED: _l("not started")}


def sort_key(key: str, assignments: list[Assignment]):
    """The function to sort rows by, and the key actually used (unknown keys sort by name)."""
    if key == "done":
        return (lambda row: row.done), key
    ids = [str(a.id) for a in assignments]
    if key.startswith("a") and key[1:] in ids:
        column = ids.index(key[1:])
        return (lambda row: row.cells[column].sort_value), key
    return (lambda row: row.username), "name"


def sorted_rows(
    rows: list[GridRow], assignments: list[Assignment], key: str, descending: bool
) -> tuple[list[GridRow], str]:
    """Rows sorted by a column; ties keep the alphabetical order."""
    function, key = sort_key(key, assignments)
    return sorted(rows, key=function, reverse=descending), key


def csv_label(assignment: Assignment) -> str:
    label = label_of(assignment.quiz, assignment.mode)
    if not assignment.due_on:
        return str(label)
    return _("%(label)s (due %(day)s)", label=label, day=assignment.due_on.isoformat())


def progress_rows(rows: list[GridRow]) -> list[list]:
    return [
        [
            row.username,
            *(c.percent if c.status == DONE else STATUS_WORDS[c.status] for c in row.cells),
            row.done,
        ]
        for row in rows
    ]
