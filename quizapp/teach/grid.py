"""Presenting the progress grid: sort keys (work without JavaScript), CSV rows."""

from __future__ import annotations

from ..models import Assignment
from ..quiz_labels import quiz_label
from ..reports.progress import DONE, GridRow


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
    label = quiz_label(assignment.quiz.kind, assignment.quiz.title, assignment.mode)
    return f"{label} (due {assignment.due_on.isoformat()})" if assignment.due_on else label


def progress_rows(rows: list[GridRow]) -> list[list]:
    return [
        [row.username, *(c.percent if c.status == DONE else c.status for c in row.cells), row.done]
        for row in rows
    ]
