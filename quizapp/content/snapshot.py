"""The course content as a per-process snapshot: the hot path's questions without SQL.

Questions, choices and myths change only when `flask load-content` runs, yet a
student's every answer needs them (to check the choice, to mark it, to move the
myths it probes, to show the feedback). Loading them through the ORM on each
request cost more than the rest of the answer request together, so each
process keeps them in frozen objects, one snapshot per language the course is
read in (the same ids and choices, the text in that language). The loader
writes a new revision token with every sync; a process rereads the content
when it sees a new token, checking at most every CONTENT_RECHECK_SECONDS.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from flask import current_app

from ..database import dialect_insert
from ..extensions import db
from ..models import Choice, ContentRevision, Myth, Question, QuestionMyth, new_token
from .ids import SOURCE_LANGUAGE


@dataclass(frozen=True)
class MythEntry:
    id: str
    statement: str
    fact: str
    dangerous: bool
    safety_note: str


@dataclass(frozen=True)
class ChoiceEntry:
    id: int
    text: str
    is_correct: bool
    feedback: str
    myth: MythEntry | None
    active: bool

    @property
    def myth_id(self) -> str | None:
        return self.myth.id if self.myth else None


@dataclass(frozen=True)
class QuestionEntry:
    id: str
    stem: str
    choices: tuple[ChoiceEntry, ...]
    """Every choice in order, retired ones included (old answers point at them)."""
    myth_ids: tuple[str, ...]

    @property
    def active_choices(self) -> list[ChoiceEntry]:
        return [choice for choice in self.choices if choice.active]

    def choice(self, choice_id: int) -> ChoiceEntry | None:
        return next((choice for choice in self.choices if choice.id == choice_id), None)


@dataclass(frozen=True)
class Snapshot:
    revision: str | None
    questions: dict[str, QuestionEntry]


def question(question_id: str, language: str = SOURCE_LANGUAGE) -> QuestionEntry | None:
    """The question as last loaded, its text in `language`; None if there is no such question."""
    return current(language).questions.get(question_id)


def current(language: str = SOURCE_LANGUAGE) -> Snapshot:
    """This process's snapshot of the content in a language, reloaded when the content changed."""
    state = current_app.extensions.setdefault(
        "content_snapshot", {"revision": None, "snapshots": {}, "checked": None}
    )
    now = time.monotonic()
    recheck = current_app.config["CONTENT_RECHECK_SECONDS"]
    if state["checked"] is None or now - state["checked"] >= recheck:
        revision = _revision()
        if state["checked"] is None or state["revision"] != revision:
            state["revision"], state["snapshots"] = revision, {}
        state["checked"] = now
    snapshots = state["snapshots"]
    if language not in snapshots:
        snapshots[language] = _load(state["revision"], language)
    return snapshots[language]


def _revision() -> str | None:
    return db.session.execute(db.select(ContentRevision.token)).scalar()


def _myth_entry(row: Myth, language: str) -> MythEntry:
    def said(name: str) -> str:
        return row.in_language(name, language)

    return MythEntry(row.id, said("statement"), said("fact"), row.dangerous, said("safety_note"))


def _load(revision: str | None, language: str) -> Snapshot:
    myths = {
        row.id: _myth_entry(row, language) for row in db.session.execute(db.select(Myth)).scalars()
    }
    choices: dict[str, list[ChoiceEntry]] = {}
    rows = db.select(Choice, Question.active).join(Question, Question.id == Choice.question_id)
    for row, question_active in db.session.execute(rows.order_by(Choice.position, Choice.id)):
        held = row.active and question_active
        entry = ChoiceEntry(
            row.id,
            row.in_language("text", language, held),
            row.is_correct,
            row.in_language("feedback", language, held),
            myths.get(row.myth_id),
            row.active,
        )
        choices.setdefault(row.question_id, []).append(entry)
    probes: dict[str, list[str]] = {}
    probed = db.select(QuestionMyth.question_id, QuestionMyth.myth_id).order_by(
        QuestionMyth.question_id, QuestionMyth.myth_id
    )
    for question_id, myth_id in db.session.execute(probed):
        probes.setdefault(question_id, []).append(myth_id)
    questions = {
        row.id: QuestionEntry(
            row.id,
            row.in_language("stem", language),
            tuple(choices.get(row.id, ())),
            tuple(probes.get(row.id, ())),
        )
        for row in db.session.execute(db.select(Question)).scalars()
    }
    return Snapshot(revision, questions)


def new_revision() -> None:
    """Record that the content changed: every process reloads its snapshot."""
    token = new_token()
    statement = dialect_insert(ContentRevision).values(id=1, token=token)
    db.session.execute(
        statement.on_conflict_do_update(index_elements=["id"], set_={"token": token})
    )
