"""Write a validated course into the database.

Syncing is idempotent: rows are matched by their content ids, unchanged rows
are not touched, and questions or choices that disappear from the files are
marked inactive so answers given to them stay.
"""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from ..extensions import db
from ..models import Choice, Lesson, Myth, Question, QuestionMyth, Quiz
from . import snapshot
from .ids import MYTH_PROBE_QUIZ, SOURCE_LANGUAGE, QuizKind
from .specs import Course, LessonSpec, MythSpec, QuestionSpec, QuizSpec
from .texts import Texts
from .translate import read_course


def sync_course(course: Course) -> dict[str, int]:
    """Write a validated course into the database in one transaction."""
    counts = {"myths": 0, "lessons": 0, "questions": 0}
    texts = Texts(course)
    try:
        _sync_myths(course.myths, texts)
        counts["myths"] = len(course.myths)
        for quiz in course.quizzes:
            _sync_quiz(quiz, texts)
            counts["questions"] += len(quiz.questions)
        counts["lessons"] = len(course.lessons)
        _ensure_myth_probe_quiz()
        _deactivate_missing(course)
        snapshot.new_revision()
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return counts


def load_content(
    directory: Path | str, languages: tuple[str, ...] = (SOURCE_LANGUAGE,)
) -> dict[str, int]:
    """Validate the whole folder in every language given, then sync it: all or nothing."""
    return sync_course(read_course(directory, languages))


def _upsert(model, key, **values):
    row = db.session.get(model, key)
    if row is None:
        row = model(**values)
        db.session.add(row)
    else:
        _update(row, values)
    return row


def _update(row, values: dict) -> None:
    """Set only the columns that changed, so an unchanged row is not written."""
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)


def _columns(spec: MythSpec | LessonSpec) -> dict:
    """A myth's or lesson's fields, named as its columns (JSON columns hold lists)."""
    values = {field.name: getattr(spec, field.name) for field in fields(spec)}
    return {name: list(v) if isinstance(v, tuple) else v for name, v in values.items()}


def _sync_myths(myths: tuple[MythSpec, ...], texts: Texts) -> None:
    for position, myth in enumerate(myths):
        translations = texts.myths[myth.id]
        _upsert(
            Myth,
            myth.id,
            position=position,
            active=True,
            translations=translations,
            **_columns(myth),
        )
    db.session.flush()


def _sync_quiz(spec: QuizSpec, texts: Texts) -> None:
    if spec.lesson:
        translations = texts.lessons[spec.id]
        _upsert(Lesson, spec.id, active=True, translations=translations, **_columns(spec.lesson))
    _upsert(
        Quiz,
        spec.id,
        id=spec.id,
        kind=spec.kind,
        title=spec.title,
        position=spec.position,
        intro_html=spec.intro_html,
        lesson_id=spec.lesson.id if spec.lesson else None,
        translations=texts.quizzes[spec.id],
    )
    db.session.flush()
    for position, question in enumerate(spec.questions):
        _sync_question(spec.id, position, question, texts)


def _sync_question(quiz_id: str, position: int, spec: QuestionSpec, texts: Texts) -> None:
    _upsert(
        Question,
        spec.id,
        id=spec.id,
        quiz_id=quiz_id,
        position=position,
        form=spec.form,
        stem=spec.stem,
        active=True,
        translations=texts.questions[spec.id],
    )
    db.session.flush()
    existing = {
        row.myth_id: row
        for row in db.session.execute(
            db.select(QuestionMyth).filter_by(question_id=spec.id)
        ).scalars()
    }
    for myth_id in spec.probes:
        if myth_id not in existing:
            db.session.add(QuestionMyth(question_id=spec.id, myth_id=myth_id))
    for myth_id, row in existing.items():
        if myth_id not in spec.probes:
            db.session.delete(row)
    _sync_choices(spec, texts)


def _sync_choices(spec: QuestionSpec, texts: Texts) -> None:
    rows = {
        row.key: row
        for row in db.session.execute(db.select(Choice).filter_by(question_id=spec.id)).scalars()
    }
    for position, choice in enumerate(spec.choices):
        values = dict(
            position=position,
            text=choice.text,
            is_correct=choice.correct,
            feedback=choice.feedback,
            myth_id=choice.myth,
            active=True,
            translations=texts.choices[spec.id, choice.key],
        )
        row = rows.pop(choice.key, None)
        if row is None:
            db.session.add(Choice(question_id=spec.id, key=choice.key, **values))
        else:
            _update(row, values)
    for row in rows.values():
        row.active = False


def _ensure_myth_probe_quiz() -> None:
    _upsert(
        Quiz,
        MYTH_PROBE_QUIZ,
        id=MYTH_PROBE_QUIZ,
        kind=QuizKind.MYTH_PROBE,
        title="Myth review",
        position=0,
    )


def _deactivate_missing(course: Course) -> None:
    question_ids = {q.id for q in course.questions}
    lesson_ids = {q.id for q in course.lessons}
    myth_ids = {m.id for m in course.myths}
    db.session.execute(
        db.update(Question).where(Question.id.not_in(question_ids)).values(active=False)
    )
    db.session.execute(db.update(Lesson).where(Lesson.id.not_in(lesson_ids)).values(active=False))
    db.session.execute(db.update(Myth).where(Myth.id.not_in(myth_ids)).values(active=False))
