r"""The reading grade of what a learner reads: lesson bodies, questions, feedback.

    .venv/bin/python -m bench.readability            # questions/ of this checkout
    .venv/bin/python -m bench.readability --max 6    # exit 1 above grade 6

Flesch-Kincaid grade level (textstat), per lesson and for the whole course.
A lesson's figure covers its body and key facts, its quiz stems, choices and
feedback; the myth check and the myth catalog get a line of their own. Markdown
marks, list bullets and HTML tags are taken out first: a list item counts as a
sentence, as a reader takes it.
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

from quizapp.content import Course, QuestionSpec, QuizKind, read_course

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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=ROOT / "questions")
    parser.add_argument("--max", type=float, help="exit 1 when the whole course is above it")
    args = parser.parse_args(argv)
    texts = course_texts(read_course(args.questions))
    for name, parts in texts.items():
        print(f"{grade(parts):5.1f}  {name}")
    overall = grade([part for parts in texts.values() for part in parts])
    print(f"{overall:5.1f}  whole course (Flesch-Kincaid grade)")
    return 1 if args.max is not None and overall > args.max else 0


if __name__ == "__main__":
    sys.exit(main())
