"""Read and validate questions/ into typed specs.

Validation runs over every file before anything is written, so a broken file
leaves the database as it was; each error names the file, the field and why.
"""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import nh3
import yaml

from .ids import POST_QUIZ, PRE_QUIZ, QuestionForm, QuizKind
from .specs import ChoiceSpec, Course, LessonSpec, MythSpec, QuestionSpec, QuizSpec

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
NHES_STANDARDS = {
    1: "Core concepts: understand health facts and risks",
    2: "Analyze influences: family, peers, culture and media",
    3: "Access valid health information, products and services",
    4: "Interpersonal communication: refuse, ask for and give help",
    5: "Decision-making",
    6: "Goal-setting",
    7: "Practice health-enhancing behaviors and reduce risks",
    8: "Advocate for personal, family and community health",
}
MARKDOWN_TAGS = {"p", "h2", "h3", "ul", "ol", "li", "strong", "em", "a", "blockquote", "br"}


class ContentError(ValueError):
    """A content file is invalid: names the file, the field and why."""

    def __init__(self, path: Path | str, where: str, why: str):
        super().__init__(f"{path}: {where}: {why}")


def _require(data: dict, key: str, kind: type | tuple, path, where: str):
    if not isinstance(data, dict) or key not in data:
        raise ContentError(path, f"{where}.{key}" if where else key, "is required")
    value = data[key]
    if not isinstance(value, kind) or isinstance(value, bool) and kind is int:
        name = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
        raise ContentError(path, f"{where}.{key}" if where else key, f"must be a {name}")
    if isinstance(value, str) and not value.strip():
        raise ContentError(path, f"{where}.{key}" if where else key, "must not be empty")
    return value


def _require_id(data: dict, path, where: str) -> str:
    value = _require(data, "id", str, path, where)
    if not ID_PATTERN.match(value) or len(value) > 64:
        raise ContentError(path, f"{where}.id", f"'{value}' must be lowercase-with-dashes")
    return value


def _read_yaml(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ContentError(path, "file", f"is not valid YAML ({error})") from None
    if not isinstance(data, dict):
        raise ContentError(path, "file", "must hold a mapping of fields")
    return data


def parse_myths(path: Path) -> tuple[MythSpec, ...]:
    items = _require(_read_yaml(path), "myths", list, path, "")
    return tuple(_parse_myth(item, path, f"myths[{index}]") for index, item in enumerate(items))


def _parse_myth(item, path: Path, where: str) -> MythSpec:
    myth_id = _require_id(item, path, where)
    dangerous = bool(item.get("dangerous", False))
    return MythSpec(
        id=myth_id,
        statement=_require(item, "statement", str, path, where).strip(),
        fact=_require(item, "fact", str, path, where).strip(),
        dangerous=dangerous,
        safety_note=_require(item, "safety_note", str, path, where).strip() if dangerous else "",
    )


def _parse_choice(item, path, where: str) -> ChoiceSpec:
    return ChoiceSpec(
        key=str(_require(item, "key", (str, int), path, where)),
        text=str(_require(item, "text", (str, int, float), path, where)).strip(),
        correct=item.get("correct", False) is True,
        feedback=_require(item, "feedback", str, path, where).strip(),
        myth=item.get("myth"),
    )


def _parse_form(item, path: Path, where: str) -> QuestionForm:
    form = _require(item, "form", str, path, where)
    if form not in tuple(QuestionForm):
        forms = ", ".join(QuestionForm)
        raise ContentError(path, f"{where}.form", f"'{form}' must be one of {forms}")
    return QuestionForm(form)


def _parse_question(item, path: Path, where: str) -> QuestionSpec:
    question_id = _require_id(item, path, where)
    form = _parse_form(item, path, where)
    probes = item.get("probes") or []
    if not isinstance(probes, list) or not all(isinstance(p, str) for p in probes):
        raise ContentError(path, f"{where}.probes", "must be a list of myth ids")
    raw_choices = _require(item, "choices", list, path, where)
    choices = [_parse_choice(c, path, f"{where}.choices[{i}]") for i, c in enumerate(raw_choices)]
    spec = QuestionSpec(
        id=question_id,
        form=form,
        stem=_require(item, "stem", str, path, where).strip(),
        probes=tuple(probes),
        choices=tuple(choices),
        source=str(path),
        where=where,
    )
    _check_choices(spec, path)
    return spec


def _check_choices(spec: QuestionSpec, path) -> None:
    where = spec.where
    if not 2 <= len(spec.choices) <= 4:
        raise ContentError(path, f"{where}.choices", "must have 2 to 4 choices")
    if sum(choice.correct for choice in spec.choices) != 1:
        raise ContentError(path, f"{where}.choices", "must have exactly one 'correct: true'")
    keys = [choice.key for choice in spec.choices]
    if len(set(keys)) != len(keys):
        raise ContentError(path, f"{where}.choices", "keys must be unique within the question")
    for index, choice in enumerate(spec.choices):
        if choice.myth is not None and choice.correct:
            raise ContentError(
                path, f"{where}.choices[{index}].myth", "the correct choice names a myth"
            )
        if choice.myth is not None and choice.myth not in spec.probes:
            raise ContentError(
                path, f"{where}.choices[{index}].myth", f"'{choice.myth}' is not in probes"
            )


def _parse_questions(items, path: Path, where: str) -> tuple[QuestionSpec, ...]:
    if not isinstance(items, list) or not items:
        raise ContentError(path, where, "must be a non-empty list of questions")
    return tuple(_parse_question(item, path, f"{where}[{i}]") for i, item in enumerate(items))


def _sentences(data: dict, key: str, path: Path) -> tuple[str, ...]:
    items = data.get(key) or []
    if not isinstance(items, list) or not all(isinstance(f, str) and f.strip() for f in items):
        raise ContentError(path, key, "must be a list of sentences")
    return tuple(item.strip() for item in items)


def _standards(data: dict, path: Path) -> tuple[str, ...]:
    """National Health Education Standards by number, stored with their names."""
    numbers = data.get("standards") or []
    if not isinstance(numbers, list) or not all(n in NHES_STANDARDS for n in numbers):
        raise ContentError(path, "standards", "must list National Health Education Standards 1-8")
    return tuple(f"Standard {n}: {NHES_STANDARDS[n]}" for n in numbers)


def parse_lesson(path: Path) -> QuizSpec:
    data = _read_yaml(path)
    lesson_id = _require_id(data, path, "")
    body = _require(data, "body", str, path, "")
    lesson = LessonSpec(
        id=lesson_id,
        position=_require(data, "order", int, path, ""),
        title=_require(data, "title", str, path, "").strip(),
        summary=str(data.get("summary", "")).strip(),
        minutes=int(data.get("minutes", 2)),
        safety=data.get("safety", False) is True,
        body_html=render_markdown(body),
        key_facts=_sentences(data, "key_facts", path),
        sources=_sentences(data, "sources", path),
        discussion=_sentences(data, "discussion", path),
        standards=_standards(data, path),
    )
    return QuizSpec(
        id=lesson_id,
        kind=QuizKind.LESSON,
        title=lesson.title,
        position=lesson.position,
        questions=_parse_questions(data.get("quiz"), path, "quiz"),
        lesson=lesson,
        source=str(path),
    )


def parse_myth_check(path: Path) -> list[QuizSpec]:
    data = _read_yaml(path)
    title = _require(data, "title", str, path, "").strip()
    intro_html = render_markdown(str(data.get("intro", "")))
    quizzes = []
    for kind, quiz_id in ((QuizKind.PRE, PRE_QUIZ), (QuizKind.POST, POST_QUIZ)):
        questions = _parse_questions(data.get(kind), path, kind)
        for question in questions:
            if len(question.probes) != 1:
                raise ContentError(path, f"{question.where}.probes", "must name exactly one myth")
        quizzes.append(
            QuizSpec(quiz_id, kind, title, 0, questions, intro_html=intro_html, source=str(path))
        )
    return quizzes


def render_markdown(text: str) -> str:
    """Markdown to HTML, with anything but plain formatting stripped."""
    return nh3.clean(markdown.markdown(text), tags=MARKDOWN_TAGS, attributes={"a": {"href"}})


def read_source_course(directory: Path | str) -> Course:
    """Parse and validate every English content file; raises ContentError on the first problem."""
    directory = Path(directory)
    for name in ("myths.yaml", "myth-check.yaml"):
        if not (directory / name).is_file():
            raise ContentError(directory / name, "file", "is missing")
    myths = parse_myths(directory / "myths.yaml")
    check_quizzes = parse_myth_check(directory / "myth-check.yaml")
    lessons = [parse_lesson(path) for path in sorted((directory / "lessons").glob("*.yaml"))]
    course = Course(myths=myths, quizzes=(*lessons, *check_quizzes))
    check_references(course)
    return course


def check_references(course: Course) -> None:
    """Ids are unique across files and every myth reference resolves."""
    _check_unique([(m.id, "myths.yaml", "myth") for m in course.myths])
    _check_unique([(q.id, q.lesson and "lessons", "lesson") for q in course.lessons])
    _check_unique([(q.id, q.source, q.where) for q in course.questions])
    myth_ids = {m.id for m in course.myths}
    for question in course.questions:
        for myth_id in question.probes:
            if myth_id not in myth_ids:
                raise ContentError(
                    question.source, f"{question.where}.probes", f"unknown myth '{myth_id}'"
                )


def _check_unique(entries: list[tuple[str, str, str]]) -> None:
    seen: dict[str, str] = {}
    for item_id, source, where in entries:
        if item_id in seen:
            raise ContentError(source, where, f"id '{item_id}' is used twice")
        seen[item_id] = where
