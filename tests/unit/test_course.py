"""The real course meets the numbers of the content issue; an edit that breaks them fails."""

import subprocess
import sys
from dataclasses import replace

import pytest

from quizapp.content import (
    SOURCE_LANGUAGE,
    QuestionSpec,
    course_problems,
    drafts,
    read_course,
)
from quizapp.content.rules import MIN_PROBES
from quizapp.languages import LANGUAGES
from tests.conftest import ROOT, edit, real_course

BASICS = "lessons/01-basics.yaml"


def test_real_course_meets_every_number():
    assert course_problems(real_course()) == []


def test_course_is_written_in_our_own_words():
    tool = ROOT.parent / "shared" / "tools" / "own-words"
    if not tool.exists():
        pytest.skip("../shared/tools/own-words is not beside this checkout")
    result = subprocess.run(
        [sys.executable, str(tool), "questions", "templates"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout


def guide_and_pair_problems(directory) -> list[str]:
    """The fixture is too small for the course's numbers; keep the rules under test."""
    problems = course_problems(read_course(directory))
    rules = ("pre and post", "sources", "discussion", "standard")
    return [p for p in problems if any(rule in p for rule in rules)]


def test_fixture_meets_the_guide_and_pair_rules(course_dir):
    assert guide_and_pair_problems(course_dir) == []


def test_the_course_reads_at_grade_six_or_under(capsys):
    from bench import readability

    assert readability.main(["--max", "6"]) == 0
    assert "whole course (Flesch-Kincaid grade)" in capsys.readouterr().out


def test_the_reading_grade_fails_a_course_written_too_hard(course_dir):
    from bench import readability

    jargon = " ".join(["generalized anxiety symptomatology necessitating pharmacological"] * 12)
    edit(course_dir / BASICS, "It treats **anxiety**.", f"It treats {jargon}.")
    assert readability.main(["--questions", str(course_dir), "--max", "6"]) == 1


@pytest.mark.parametrize(
    ("file", "old", "new", "problem"),
    [
        (
            "myth-check.yaml",
            "  - id: post-prescribed-safe\n    form: true-false",
            "  - id: post-prescribed-safe\n    form: which-is-true",
            "pre-prescribed-safe and post-prescribed-safe: pre and post items differ",
        ),
        (
            "myth-check.yaml",
            'uneven stopping is risky too."}',
            'uneven stopping is risky too."}\n      - {key: d, text: "Wait.", feedback: "No."}',
            "pre-stop-anytime and post-stop-anytime: pre and post items differ",
        ),
        (BASICS, 'sources:\n  - "FDA: the drug\'s label"\n', "", "lesson basics: names no sources"),
        (BASICS, "  - Why can a medicine be risky?\n", "", "needs 3 discussion questions"),
        (BASICS, "standards: [1, 3]", "standards: []", "names no health education standard"),
    ],
)
def test_a_broken_guide_or_pair_is_a_course_problem(course_dir, file, old, new, problem):
    edit(course_dir / file, old, new)
    assert any(problem in p for p in guide_and_pair_problems(course_dir))


def without_myth(question: QuestionSpec, myth: str) -> QuestionSpec:
    """The question as if it did not probe the myth: no probe, no choice naming it."""
    return replace(
        question,
        probes=tuple(probe for probe in question.probes if probe != myth),
        choices=tuple(replace(c, myth=None) if c.myth == myth else c for c in question.choices),
    )


def test_a_myth_needs_three_lesson_questions_besides_the_myth_check():
    """With everyone-tries-pills kept on only two lesson questions, however many probe
    it in the real course, the pre and post items do not make up for the rest."""
    course, myth = real_course(), "everyone-tries-pills"
    probing = [q.id for lesson in course.lessons for q in lesson.questions if myth in q.probes]
    dropped = set(probing[MIN_PROBES - 1 :])
    quizzes = tuple(
        replace(
            quiz,
            questions=tuple(
                without_myth(q, myth) if q.id in dropped else q for q in quiz.questions
            ),
        )
        for quiz in course.quizzes
    )
    problems = course_problems(replace(course, quizzes=quizzes))
    assert f"myth {myth}: probed by {MIN_PROBES - 1} lesson questions; needs 3" in problems


def test_every_translation_folder_matches_the_english_so_far():
    """A language the app offers is complete (real_course reads it); one still being
    translated has only files that match the English."""
    course = real_course()
    assert [c.language for c in course.translations] == [
        language for language in LANGUAGES if language != SOURCE_LANGUAGE
    ]
    for draft in drafts(ROOT / "questions", LANGUAGES, course):
        assert draft.checked, f"questions/{draft.language}/ holds no course file"


def test_the_spanish_course_reads_fairly_easy(capsys):
    from bench import readability

    assert readability.main(["--language", "es", "--min", "70"]) == 0
    assert "whole course (Fernández-Huerta reading ease)" in capsys.readouterr().out


def test_the_reading_ease_fails_spanish_written_too_hard(course_dir, capsys):
    from bench import readability

    arguments = ["--questions", str(course_dir), "--language", "es", "--min", "70"]
    assert readability.main(arguments) == 0
    jargon = " ".join(["sintomatología generalizada farmacológicamente administrada"] * 12)
    edit(course_dir / "es" / BASICS, "Trata la **ansiedad**.", f"Trata la {jargon}.")
    assert readability.main(arguments) == 1
    assert "lesson 1 basics" in capsys.readouterr().out


def test_the_spanish_course_is_complete_and_scores_like_the_english():
    course = read_course(ROOT / "questions", ("en", "es"))
    spanish = course.translations[0]
    assert [q.id for q in spanish.questions] == [q.id for q in course.questions]
    assert [(c.key, c.correct, c.myth) for q in spanish.questions for c in q.choices] == [
        (c.key, c.correct, c.myth) for q in course.questions for c in q.choices
    ]
    assert course_problems(replace(spanish, translations=())) == []
