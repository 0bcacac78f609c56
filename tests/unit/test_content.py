from pathlib import Path

import pytest

from quizapp.content import (
    MYTH_PROBE_QUIZ,
    POST_QUIZ,
    PRE_QUIZ,
    AttemptMode,
    ContentError,
    QuizKind,
    read_course,
)
from tests.conftest import edit


def test_fixture_course_is_valid(course_dir):
    course = read_course(course_dir)
    assert [m.id for m in course.myths] == ["prescribed-safe", "stop-anytime"]
    assert len(course.lessons) == 1
    assert len(course.questions) == 6


def test_ids_and_kinds_are_the_values_the_database_holds():
    """Rows and migrations hold these strings: changing one needs a data migration."""
    assert (PRE_QUIZ, POST_QUIZ, MYTH_PROBE_QUIZ) == (
        "myth-check-pre",
        "myth-check-post",
        "myth-review",
    )
    assert list(QuizKind) == ["lesson", "pre", "post", "review"]
    assert list(AttemptMode) == ["full", "retry", "review", "delayed", "live"]


def test_lesson_guide_fields_are_read_with_standard_names(course_dir):
    lesson = read_course(course_dir).lessons[0].lesson
    assert lesson.sources == ("FDA: the drug's label",)
    assert len(lesson.discussion) == 3
    assert lesson.standards[0].startswith("Standard 1: Core concepts")
    myths = {m.id: m for m in read_course(course_dir).myths}
    assert myths["stop-anytime"].safety_note.startswith("After regular use")


def test_markdown_body_is_sanitised(course_dir):
    html = read_course(course_dir).lessons[0].lesson.body_html
    assert "<h2>A medicine with risks</h2>" in html
    assert "<script>" not in html


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            "lessons/01-basics.yaml",
            'correct: true, feedback: "Right."}\n      - {key: b, text: "Prescribed',
            'feedback: "Right."}\n      - {key: b, text: "Prescribed',
            "exactly one 'correct: true'",
        ),
        (
            "lessons/01-basics.yaml",
            "probes: [stop-anytime]",
            "probes: [stop-anytime, no-such-myth]",
            "unknown myth",
        ),
        (
            "lessons/01-basics.yaml",
            'stem: "Which is true?"',
            'stem: ""',
            "quiz[0].stem: must not be empty",
        ),
        ("lessons/01-basics.yaml", "id: basics-q2", "id: basics-q1", "is used twice"),
        (
            "lessons/01-basics.yaml",
            ', feedback: "No."',
            "",
            "quiz[1].choices[2].feedback: is required",
        ),
        ("myths.yaml", "id: stop-anytime", "id: Stop Anytime", "lowercase-with-dashes"),
        (
            "myth-check.yaml",
            "probes: [prescribed-safe]",
            "probes: [prescribed-safe, stop-anytime]",
            "must name exactly one myth",
        ),
        ("lessons/01-basics.yaml", "form: scenario", "form: essay", "must be one of"),
        (
            "myths.yaml",
            '    safety_note: "After regular use, ask a doctor before you stop."\n',
            "",
            "myths[1].safety_note: is required",
        ),
        ("lessons/01-basics.yaml", "standards: [1, 3]", "standards: [1, 9]", "Standards 1-8"),
        (
            "lessons/01-basics.yaml",
            "  - Why can a medicine be risky?",
            "  - [Why can a medicine be risky]",
            "discussion: must be a list of sentences",
        ),
        ("lessons/01-basics.yaml", "title: The basics", "title: [oops", "not valid YAML"),
    ],
)
def test_broken_files_name_file_field_and_reason(course_dir, file, old, new, message):
    edit(course_dir / file, old, new)
    with pytest.raises(ContentError) as error:
        read_course(course_dir)
    assert message in str(error.value)
    assert Path(file).name in str(error.value)
