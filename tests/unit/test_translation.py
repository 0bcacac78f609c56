"""The course in Spanish is checked against the English: only its words may differ."""

import pytest

from quizapp.content import ContentError, read_course
from quizapp.content.translate import read_draft
from tests.conftest import edit

LESSON = "es/lessons/01-basics.yaml"
BOTH = ("en", "es")


def test_spanish_fixture_reads_as_the_same_course_in_other_words(course_dir):
    course = read_course(course_dir, BOTH)
    spanish = course.translations[0]
    assert spanish.language == "es"
    assert [m.id for m in spanish.myths] == [m.id for m in course.myths]
    assert [q.id for q in spanish.questions] == [q.id for q in course.questions]
    assert spanish.myths[1].safety_note.startswith("Si lo has tomado seguido")
    assert spanish.lessons[0].lesson.title == "Lo básico"
    assert "<script>" not in spanish.lessons[0].lesson.body_html


def test_english_alone_does_not_read_the_spanish_folder(course_dir):
    (course_dir / LESSON).unlink()
    assert read_course(course_dir).translations == ()


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            LESSON,
            'correct: true, feedback: "Correcto."}\n      - {key: b, text: "Recetado',
            'feedback: "Correcto."}\n      - {key: b, text: "Recetado',
            "quiz[0].choices: must have exactly one 'correct: true'",
        ),
        (
            LESSON,
            '{key: a, text: "Hablar primero con un médico.", correct: true,',
            '{key: a, text: "Hablar primero con un médico.",',
            "quiz[1].choices",
        ),
        (
            LESSON,
            'text: "Es una vitamina.", feedback',
            'text: "Es una vitamina.", correct: true, feedback',
            "quiz[0].choices",
        ),
        (
            LESSON,
            'key: c, text: "Es una vitamina.",',
            'key: c, text: "Es una vitamina.", myth: prescribed-safe,',
            "quiz[0].choices[2].myth: is 'prescribed-safe'; the English has None",
        ),
        (
            LESSON,
            "probes: [stop-anytime]",
            "probes: [stop-anytime, prescribed-safe]",
            "quiz[1].probes: is ['stop-anytime', 'prescribed-safe']; the English has",
        ),
        (LESSON, "id: basics-q2", "id: basics-q3", "quiz[1].id: is 'basics-q3'"),
        (LESSON, 'key: c, text: "Es una', 'key: d, text: "Es una', "choices[2].key: is 'd'"),
        (LESSON, "form: scenario", "form: which-is-true", "quiz[1].form: is 'which-is-true'"),
        (LESSON, "order: 1", "order: 2", "position: is 2; the English has 1"),
        (LESSON, "minutes: 2", "minutes: 3", "minutes: is 3"),
        (LESSON, "safety: true", "safety: false", "safety: is False"),
        (LESSON, "standards: [1, 3]", "standards: [1]", "standards: is ['Standard 1"),
        (
            LESSON,
            "  - ¿Qué es una receta?\n",
            "",
            "discussion: has 2 items; the English has 3",
        ),
        (
            LESSON,
            "  - Es un medicamento con receta.\n",
            "  - Es un medicamento con receta.\n  - Otro dato.\n",
            "key_facts: has 2 items; the English has 1",
        ),
        (
            LESSON,
            '      - {key: c, text: "Tomar el doble y luego dejarlo.", feedback: "No."}\n',
            "",
            "quiz[1].choices[2]: is missing (the English has 'c')",
        ),
        (
            LESSON,
            '      - {key: c, text: "Es una vitamina.", feedback: "No, es un medicamento."}\n',
            '      - {key: c, text: "Es una vitamina.", feedback: "No, es un medicamento."}\n'
            '      - {key: d, text: "Otra.", feedback: "No."}\n',
            "quiz[0].choices[3]: is extra",
        ),
        (
            "es/myths.yaml",
            "    dangerous: true\n",
            "",
            "myths[1].dangerous: is False; the English has True",
        ),
        ("es/myths.yaml", "id: stop-anytime", "id: stop-now", "myths[1].id: is 'stop-now'"),
        ("es/myth-check.yaml", "id: post-stop-anytime", "id: post-x", "post[1].id: is 'post-x'"),
        (
            "es/myth-check.yaml",
            'stem: "Verdadero o falso: un medicamento recetado no',
            'stem: ""  #',
            "stem: must not be empty",
        ),
    ],
)
def test_a_translation_that_changes_what_is_scored_is_refused(course_dir, file, old, new, message):
    edit(course_dir / file, old, new)
    with pytest.raises(ContentError) as error:
        read_course(course_dir, BOTH)
    assert str(course_dir / file) in str(error.value)
    assert message in str(error.value)


def test_a_missing_question_is_named_with_the_english_id(course_dir):
    path = course_dir / LESSON
    text = path.read_text()
    path.write_text(text[: text.index("  - id: basics-q2")])
    with pytest.raises(
        ContentError, match=r"quiz\[1\]: is missing \(the English has 'basics-q2'\)"
    ):
        read_course(course_dir, BOTH)


@pytest.mark.parametrize("file", ["es/myths.yaml", "es/myth-check.yaml", LESSON])
def test_a_missing_translated_file_is_a_load_error(course_dir, file):
    (course_dir / file).unlink()
    with pytest.raises(ContentError, match="is missing"):
        read_course(course_dir, BOTH)


def test_a_translated_file_without_an_english_one_is_refused(course_dir):
    (course_dir / "es/lessons/02-extra.yaml").write_text((course_dir / LESSON).read_text())
    with pytest.raises(ContentError, match="02-extra.yaml: file: has no English counterpart"):
        read_course(course_dir, BOTH)


def test_a_draft_checks_the_files_it_has_and_lists_the_rest(course_dir):
    (course_dir / LESSON).unlink()
    (course_dir / "es/myth-check.yaml").unlink()
    draft = read_draft(course_dir, "es", read_course(course_dir))
    assert draft.checked == (course_dir / "es/myths.yaml",)
    assert set(draft.missing) == {course_dir / LESSON, course_dir / "es/myth-check.yaml"}
    edit(course_dir / "es/myths.yaml", "id: stop-anytime", "id: stop-now")
    with pytest.raises(ContentError, match=r"myths\[1\].id"):
        read_draft(course_dir, "es", read_course(course_dir))
