r"""The reading ease of what a learner reads: lesson bodies, questions, feedback.

    .venv/bin/python -m bench.readability                          # English, questions/
    .venv/bin/python -m bench.readability --max 6                  # exit 1 above grade 6
    .venv/bin/python -m bench.readability --language es --min 70   # Spanish, exit 1 below 70

English: the Flesch-Kincaid grade level (textstat), per lesson and for the
whole course. Spanish: the Fernández-Huerta reading ease (textstat, syllables
by its Spanish hyphenation dictionary), 0 to 100, higher is easier; 70 and
above reads as "fairly easy", about grade 6 (Fernández Huerta 1959, in the
corrected form with words per sentence).
A lesson's figure covers its body and key facts, its quiz stems, choices and
feedback; the myth check and the myth catalog get a line of their own. Markdown
marks, list bullets and HTML tags are taken out first: a list item counts as a
sentence, as a reader takes it. A translation not finished yet is measured on
the files it has, and says how many are missing.
"""

from __future__ import annotations

import argparse
import re
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

with warnings.catch_warnings():
    # textstat 0.7.4 imports pkg_resources, which warns that it is deprecated.
    warnings.filterwarnings("ignore", "pkg_resources is deprecated", UserWarning)
    import textstat

from quizapp.content import SOURCE_LANGUAGE, Course, QuestionSpec, QuizKind, read_course
from quizapp.content.translate import read_draft

ROOT = Path(__file__).resolve().parent.parent
TAG = re.compile(r"<[^>]+>")


def plain(text: str) -> str:
    """Text as a reader meets it, each block or list item ending as a sentence."""
    text = TAG.sub("\n", text)
    lines = (line.strip(" -*#>0123456789.") for line in text.splitlines())
    return " ".join(line if line[-1] in ".?!:" else line + "." for line in lines if line)


def question_text(question: QuestionSpec) -> list[str]:
    parts = [question.stem]
    for choice in question.choices:
        parts += [choice.text, choice.feedback]
    return parts


def course_texts(course: Course) -> dict[str, list[str]]:
    """Every piece a learner reads, grouped by where they read it."""
    texts = {}
    for quiz in course.lessons:
        lesson = quiz.lesson
        parts = [lesson.title, lesson.summary, lesson.body_html, *lesson.key_facts]
        texts[f"lesson {lesson.position} {quiz.id}"] = parts + [
            part for question in quiz.questions for part in question_text(question)
        ]
    checks = [
        q
        for quiz in course.quizzes
        if quiz.kind in (QuizKind.PRE, QuizKind.POST)
        for q in quiz.questions
    ]
    texts["myth check"] = [part for question in checks for part in question_text(question)]
    texts["myths"] = [
        part for m in course.myths for part in (m.statement, m.fact, m.safety_note) if part
    ]
    return texts


def grade(parts: list[str]) -> float:
    return textstat.flesch_kincaid_grade(" ".join(plain(part) for part in parts))


def reading_ease_es(parts: list[str]) -> float:
    """Fernández-Huerta: 206.84 - 60 * syllables per word - 1.02 * words per sentence."""
    textstat.set_lang("es")
    try:
        return textstat.fernandez_huerta(" ".join(plain(part) for part in parts))
    finally:
        textstat.set_lang(SOURCE_LANGUAGE)


MEASURES = {
    "en": (grade, "Flesch-Kincaid grade", "max"),
    "es": (reading_ease_es, "Fernández-Huerta reading ease", "min"),
}


def translated_course(directory: Path, language: str) -> tuple[Course, int]:
    """The course in `language` as far as it is translated, and how many files are missing."""
    english = read_course(directory)
    draft = read_draft(directory, language, english)
    return draft.course, len(draft.missing)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=ROOT / "questions")
    parser.add_argument("--language", choices=sorted(MEASURES), default=SOURCE_LANGUAGE)
    parser.add_argument("--max", type=float, help="exit 1 when the whole course is above it")
    parser.add_argument("--min", type=float, help="exit 1 when the whole course is below it")
    args = parser.parse_args(argv)
    measure, name, _ = MEASURES[args.language]
    missing = 0
    if args.language == SOURCE_LANGUAGE:
        course = read_course(args.questions)
    else:
        course, missing = translated_course(args.questions, args.language)
    texts = {key: parts for key, parts in course_texts(course).items() if parts}
    for key, parts in texts.items():
        print(f"{measure(parts):5.1f}  {key}")
    overall = measure([part for parts in texts.values() for part in parts])
    print(f"{overall:5.1f}  whole course ({name})")
    if missing:
        print(f"       ({missing} files not translated yet are not counted)")
    too_hard = args.max is not None and overall > args.max
    return 1 if too_hard or (args.min is not None and overall < args.min) else 0


if __name__ == "__main__":
    sys.exit(main())
