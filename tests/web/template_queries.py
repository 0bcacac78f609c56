"""Catch SQL run while a template renders: a lazy relationship read in a template,
or a query behind a filter. Templates show what their view passed them.

Rendering is bracketed by Flask's `before_render_template` and `template_rendered`
signals; SQLAlchemy's `before_cursor_execute` on the app's engine records each
statement sent between them.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import sqlalchemy as sa
from flask import (
    Flask,
    before_render_template,
    has_request_context,
    request,
    request_started,
    template_rendered,
)

from quizapp.extensions import db


@dataclass(frozen=True)
class TemplateQuery:
    url: str
    template: str
    statement: str

    def __str__(self) -> str:
        first_line = " ".join(self.statement.split())[:160]
        return f"{self.url} ({self.template}): {first_line}"


class CaughtQueries(list):
    """The statements caught, and in `templates` the name of every template rendered."""

    def __init__(self):
        super().__init__()
        self.templates: set[str] = set()


@contextmanager
def template_queries(app: Flask) -> Iterator[CaughtQueries]:
    """The statements run while any template of `app` renders, as they happen."""
    rendering: list[str] = []
    caught = CaughtQueries()

    def started(sender, template, **extra) -> None:
        rendering.append(template.name or "<string>")
        caught.templates.add(rendering[-1])

    def finished(sender, template, **extra) -> None:
        rendering.pop()

    def forget(sender, **extra) -> None:
        """A template that raised never says it finished: each request starts afresh."""
        rendering.clear()

    def executed(connection, cursor, statement, parameters, context, executemany) -> None:
        if rendering:
            url = request.full_path.rstrip("?") if has_request_context() else ""
            caught.append(TemplateQuery(url, rendering[-1], statement))

    engine = db.engine
    before_render_template.connect(started, app)
    template_rendered.connect(finished, app)
    request_started.connect(forget, app)
    sa.event.listen(engine, "before_cursor_execute", executed)
    try:
        yield caught
    finally:
        sa.event.remove(engine, "before_cursor_execute", executed)
        request_started.disconnect(forget, app)
        template_rendered.disconnect(finished, app)
        before_render_template.disconnect(started, app)
