"""Syncing a course into the database: idempotent, all or nothing, answers kept."""

import pytest

from quizapp.content import ContentError, load_content
from quizapp.extensions import db
from quizapp.models import Answer, Choice, Lesson, Question
from tests.conftest import edit


def test_load_is_idempotent(app, course_dir):
    first = load_content(course_dir)
    before = db.session.execute(db.select(Choice.id, Choice.text).order_by(Choice.id)).all()
    assert load_content(course_dir) == first
    assert db.session.execute(db.select(Choice.id, Choice.text).order_by(Choice.id)).all() == before
    assert db.session.get(Lesson, "basics").title == "The basics"


def test_broken_file_loads_nothing(app, course_dir):
    edit(course_dir / "lessons/01-basics.yaml", "title: The basics", "title: Changed")
    edit(course_dir / "myth-check.yaml", "form: scenario", "form: essay")
    with pytest.raises(ContentError):
        load_content(course_dir)
    assert db.session.get(Lesson, "basics") is None


def test_editing_a_question_keeps_its_answers(app, course_dir, student):
    from quizapp import answers, attempts
    from quizapp.models import Quiz

    load_content(course_dir)
    attempt = attempts.start_attempt(student.id, db.session.get(Quiz, "basics"))
    choice = db.session.execute(
        db.select(Choice).filter_by(question_id="basics-q1", key="a")
    ).scalar_one()
    answers.record_answer(answers.answer_target(attempt.id, "basics-q1"), choice.id, 2)
    edit(
        course_dir / "lessons/01-basics.yaml",
        'stem: "Which is true?"',
        'stem: "Which one is true?"',
    )
    load_content(course_dir)
    assert db.session.get(Question, "basics-q1").stem == "Which one is true?"
    answer = db.session.execute(db.select(Answer)).scalar_one()
    assert answer.choice_id == choice.id


def test_removed_question_is_deactivated_not_deleted(app, course_dir):
    load_content(course_dir)
    path = course_dir / "lessons/01-basics.yaml"
    text = path.read_text()
    path.write_text(text[: text.index("  - id: basics-q2")])
    load_content(course_dir)
    assert db.session.get(Question, "basics-q2").active is False


def test_spanish_text_rides_on_the_same_rows_and_reloads_idempotently(app, course_dir):
    load_content(course_dir, ("en", "es"))
    choices = db.session.execute(db.select(Choice.id, Choice.key).order_by(Choice.id)).all()
    question = db.session.get(Question, "basics-q2")
    assert question.in_language("stem", "en").startswith("Jo wants to stop")
    assert question.in_language("stem", "es").startswith("Jo quiere dejarlo")
    assert db.session.get(Lesson, "basics").in_language("discussion", "es")[0] == (
        "¿Qué es una receta?"
    )
    assert load_content(course_dir, ("en", "es"))["questions"] == 6
    assert db.session.execute(db.select(Choice.id, Choice.key).order_by(Choice.id)).all() == (
        choices
    )


def test_a_broken_translation_loads_nothing_in_any_language(app, course_dir):
    edit(course_dir / "lessons/01-basics.yaml", "title: The basics", "title: Changed")
    edit(course_dir / "es/lessons/01-basics.yaml", "myth: prescribed-safe", "myth: stop-anytime")
    with pytest.raises(ContentError, match=r"es/lessons/01-basics.yaml: quiz\[0\]"):
        load_content(course_dir, ("en", "es"))
    assert db.session.get(Lesson, "basics") is None
