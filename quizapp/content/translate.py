"""The course in another language: questions/<language>/ read and checked against the English.

A translation is a full copy of each English file with only the human text
translated. Everything that decides what is scored (ids, keys, correct
answers, myth tags, probes, forms) and the shape of every list must match the
English exactly, so a translation can never change a score: any difference is
a ContentError naming the translated file and the item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from .ids import SOURCE_LANGUAGE, QuizKind
from .parse import ContentError, parse_lesson, parse_myth_check, parse_myths, read_source_course
from .specs import ChoiceSpec, Course, LessonSpec, MythSpec, QuestionSpec, QuizSpec

LANGUAGE_FOLDER = re.compile(r"^[a-z]{2}$")
MYTHS, MYTH_CHECK = "myths.yaml", "myth-check.yaml"
LESSON_SAME = ("id", "position", "minutes", "safety", "standards")
LESSON_COUNTED = ("key_facts", "discussion", "sources")


@dataclass(frozen=True)
class Draft:
    """A translation read so far: its checked files and the English files it still lacks."""

    language: str
    checked: tuple[Path, ...]
    missing: tuple[Path, ...]
    course: Course
    """The translated files read so far, as a course (empty parts where files are missing)."""


def read_course(directory: Path | str, languages: tuple[str, ...] = (SOURCE_LANGUAGE,)) -> Course:
    """The English course with its translation into each other language given, all checked."""
    english = read_source_course(directory)
    translations = tuple(
        read_translation(Path(directory), language, english)
        for language in languages
        if language != SOURCE_LANGUAGE
    )
    return replace(english, translations=translations)


def drafts(directory: Path | str, languages: tuple[str, ...], english: Course) -> list[Draft]:
    """Translation folders present for languages not yet offered, each checked so far."""
    directory = Path(directory)
    return [
        read_draft(directory, folder.name, english)
        for folder in sorted(directory.iterdir())
        if folder.is_dir() and LANGUAGE_FOLDER.match(folder.name) and folder.name not in languages
    ]


def english_files(directory: Path, english: Course) -> list[Path]:
    """Each English file, relative to the content folder: what a translation mirrors."""
    lessons = [Path(lesson.source).relative_to(directory) for lesson in english.lessons]
    return [Path(MYTHS), Path(MYTH_CHECK), *lessons]


def read_translation(directory: Path, language: str, english: Course) -> Course:
    """The course in `language`; a missing or different file is a ContentError."""
    root = Path(directory) / language
    for relative in english_files(Path(directory), english):
        if not (root / relative).is_file():
            raise ContentError(root / relative, "file", f"is missing (the {language} course)")
    return _checked(Path(directory), language, english)


def read_draft(directory: Path, language: str, english: Course) -> Draft:
    """Check every translated file present; list the English files not yet translated."""
    directory = Path(directory)
    root = directory / language
    checked, missing = [], []
    for relative in english_files(directory, english):
        (checked if (root / relative).is_file() else missing).append(root / relative)
    course = _checked(directory, language, english, only=set(checked))
    return Draft(language, tuple(checked), tuple(missing), course)


def _checked(directory: Path, language: str, english: Course, only=None) -> Course:
    root = directory / language
    _no_extra_files(directory, root, english)

    def wanted(path: Path) -> bool:
        return only is None or path in only

    myths = ()
    if wanted(root / MYTHS):
        myths = parse_myths(root / MYTHS)
        _same_myths(root / MYTHS, english.myths, myths)
    quizzes = []
    for quiz in english.quizzes:
        path = root / Path(quiz.source).relative_to(directory)
        if wanted(path) and quiz.kind == QuizKind.LESSON:
            quizzes.append(_same_quiz(path, quiz, parse_lesson(path)))
    if wanted(root / MYTH_CHECK):
        translated = {quiz.kind: quiz for quiz in parse_myth_check(root / MYTH_CHECK)}
        for quiz in english.quizzes:
            if quiz.kind in (QuizKind.PRE, QuizKind.POST):
                quizzes.append(_same_quiz(root / MYTH_CHECK, quiz, translated[quiz.kind]))
    return Course(myths=myths, quizzes=tuple(quizzes), language=language)


def _no_extra_files(directory: Path, root: Path, english: Course) -> None:
    known = {root / relative for relative in english_files(directory, english)}
    for path in sorted(root.rglob("*.yaml")):
        if path not in known:
            raise ContentError(path, "file", "has no English counterpart of the same name")


def _shown(value):
    if isinstance(value, tuple):
        return list(value)
    return str(value) if isinstance(value, str) else value


def _differs(path: Path, where: str, name: str, english, translated) -> ContentError:
    return ContentError(
        path,
        f"{where}.{name}" if where else name,
        f"is {_shown(translated)!r}; the English has {_shown(english)!r}",
    )


def _same(path: Path, where: str, names, english, translated) -> None:
    for name in names:
        if getattr(english, name) != getattr(translated, name):
            raise _differs(path, where, name, getattr(english, name), getattr(translated, name))


def _same_length(path: Path, where: str, english: tuple, translated: tuple, english_ids) -> None:
    """One item for each English item: the first missing or extra one is named."""
    if len(translated) < len(english):
        index = len(translated)
        raise ContentError(
            path, f"{where}[{index}]", f"is missing (the English has {english_ids[index]!r})"
        )
    if len(translated) > len(english):
        raise ContentError(
            path, f"{where}[{len(english)}]", "is extra: the English has no such item"
        )


def _same_myths(path: Path, english: tuple[MythSpec, ...], translated: tuple[MythSpec, ...]):
    _same_length(path, "myths", english, translated, [m.id for m in english])
    for index, (before, after) in enumerate(zip(english, translated, strict=True)):
        _same(path, f"myths[{index}]", ("id", "dangerous"), before, after)


def _same_quiz(path: Path, english: QuizSpec, translated: QuizSpec) -> QuizSpec:
    if english.lesson:
        _same_lesson(path, english.lesson, translated.lesson)
    where = "quiz" if english.kind == QuizKind.LESSON else str(english.kind)
    ids = [q.id for q in english.questions]
    _same_length(path, where, english.questions, translated.questions, ids)
    for before, after in zip(english.questions, translated.questions, strict=True):
        _same_question(path, before, after)
    return translated


def _same_lesson(path: Path, english: LessonSpec, translated: LessonSpec) -> None:
    _same(path, "", LESSON_SAME, english, translated)
    for name in LESSON_COUNTED:
        before, after = getattr(english, name), getattr(translated, name)
        if len(before) != len(after):
            raise ContentError(path, name, f"has {len(after)} items; the English has {len(before)}")
    if bool(english.summary) != bool(translated.summary):
        raise ContentError(path, "summary", "is present in only one of the two languages")


def _same_question(path: Path, english: QuestionSpec, translated: QuestionSpec) -> None:
    _same(path, english.where, ("id", "form", "probes"), english, translated)
    where = f"{english.where}.choices"
    _same_length(path, where, english.choices, translated.choices, [c.key for c in english.choices])
    for index, (before, after) in enumerate(zip(english.choices, translated.choices, strict=True)):
        _same_choice(path, f"{where}[{index}]", before, after)


def _same_choice(path: Path, where: str, english: ChoiceSpec, translated: ChoiceSpec) -> None:
    _same(path, where, ("key", "correct", "myth"), english, translated)
