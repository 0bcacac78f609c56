"""One course, two languages: a learner reads it in the page's language, and whatever
language each answer was given in, beliefs, scores and reports are one set of numbers."""

import re

import pytest

from quizapp.content import load_content
from quizapp.extensions import db
from quizapp.models import Answer, Attempt, MythBelief
from tests.conftest import make_class, make_user
from tests.web.teach_helpers import assign, read_csv

from .helpers import finish_pre_check
from .pageforms import forms, submit

FIRMLY_HELD_BY_TWO = re.compile(r'seg-firm" aria-hidden="true"></span>[^<]*<strong>2</strong>')
CHOICE = re.compile(r'<label class="choice"><input[^>]*value="(\d+)"[^>]*> <span>([^<]*)</span>')


@pytest.fixture
def bilingual(app, course_dir):
    """The small fixture course loaded in English and Spanish."""
    load_content(course_dir, ("en", "es"))
    return course_dir


@pytest.fixture
def speak(app, monkeypatch):
    """Answer the following requests in a language, as the reader's choice would."""

    def choose(language: str) -> None:
        monkeypatch.setattr(app.extensions["babel"], "locale_selector", lambda: language)

    return choose


def page(client, path: str) -> str:
    response = client.get(path, follow_redirects=True)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def start_lesson_quiz(client, lesson_id: str) -> str:
    """Press the lesson page's start button; the first question's path."""
    html = page(client, f"/lessons/{lesson_id}")
    start_form = next(f for f in forms(html) if "/start" in f.action)
    response = submit(client, start_form, f"/lessons/{lesson_id}")
    assert response.status_code == 303
    return client.get(response.location).location


def answer_by_text(client, path: str, text: str, certainty: str = "2"):
    """Pick the choice that reads `text` on the rendered question and send it."""
    html = page(client, path)
    offered = {label: value for value, label in CHOICE.findall(html)}
    assert text in offered, offered
    form = next(f for f in forms(html) if "/answer" in f.action)
    response = submit(client, form, path, choice=offered[text], certainty=certainty)
    assert response.status_code == 303
    return response


def test_a_spanish_reader_reads_the_lesson_quiz_and_feedback_in_spanish(
    bilingual, client, auth, speak
):
    student = make_user()
    finish_pre_check(student)
    auth.login(student)
    speak("es")
    lesson = page(client, "/lessons/basics")
    assert "Lo básico" in lesson and "Un medicamento con riesgos" in lesson
    assert "Es un medicamento con receta." in lesson and "The basics" not in lesson
    question = start_lesson_quiz(client, "basics")
    html = page(client, question)
    assert "¿Qué es cierto?" in html and "Which is true?" not in html
    answer_by_text(client, question, "Recetado quiere decir seguro.")
    feedback = page(client, question)
    assert "No es así." in feedback
    assert "Los medicamentos recetados también se pueden usar mal" in feedback
    myths = page(client, "/my-myths")
    assert "Si un médico lo recetó, es seguro." in myths
    speak("en")
    assert "If a doctor prescribed it, it is safe." in page(client, "/my-myths")


def test_switching_language_mid_quiz_keeps_one_attempt_and_one_set_of_beliefs(
    bilingual, client, auth, speak
):
    student = make_user()
    finish_pre_check(student)
    auth.login(student)
    speak("en")
    first = start_lesson_quiz(client, "basics")
    assert "Which is true?" in page(client, first)
    answer_by_text(client, first, "Prescribed means safe.", certainty="3")
    speak("es")
    second = first.replace("/questions/1", "/questions/2")
    assert "¿Qué debe hacer Jo?" in page(client, second)
    answer_by_text(client, second, "Hablar primero con un médico.")
    db.session.expire_all()
    attempt = db.session.execute(
        db.select(Attempt).filter_by(user_id=student.id, quiz_id="basics")
    ).scalar_one()
    assert attempt.is_finished and (attempt.n_items, attempt.n_correct) == (2, 1)
    languages = db.session.execute(
        db.select(Answer.question_id, Answer.language)
        .filter_by(attempt_id=attempt.id)
        .order_by(Answer.id)
    ).all()
    assert languages == [("basics-q1", "en"), ("basics-q2", "es")]
    beliefs = dict(
        db.session.execute(
            db.select(MythBelief.myth_id, MythBelief.state).filter_by(user_id=student.id)
        ).all()
    )
    assert beliefs == {"prescribed-safe": "firm", "stop-anytime": "never"}
    result = page(client, first.split("/questions")[0] + "/result")
    assert "Si un médico lo recetó, es seguro." in result
    assert "Recetado quiere decir seguro." in result


def take_basics_quiz(client, auth, student, language: str, speak, first_choice: str) -> None:
    """A learner takes the lesson quiz in a language: `first_choice` on the first
    question, the right answer on the second."""
    right = {"en": "See a doctor first.", "es": "Hablar primero con un médico."}
    finish_pre_check(student)
    auth.login(student)
    speak(language)
    first = start_lesson_quiz(client, "basics")
    answer_by_text(client, first, first_choice)
    answer_by_text(client, first.replace("/questions/1", "/questions/2"), right[language])
    auth.logout()


def answers_and_facility(html: str, question_id: str) -> tuple[str, str]:
    card = html[html.index(question_id) :]
    answers = re.search(r"<dt>Answers</dt><dd>([\d,]+)</dd>", card).group(1)
    facility = re.search(r"<dt>Facility</dt><dd>([^<]+)</dd>", card).group(1)
    return answers, facility


def test_item_analysis_counts_both_languages_and_splits_them_on_request(
    bilingual, client, auth, speak
):
    take_basics_quiz(client, auth, make_user(), "en", speak, "Prescribed means safe.")
    take_basics_quiz(
        client, auth, make_user(), "es", speak, "Los medicamentos recetados se pueden usar mal."
    )
    auth.login(make_user("admin"))
    speak("en")
    html = page(client, "/admin/items?quiz=basics")
    assert answers_and_facility(html, "basics-q1") == ("2", "0.50")
    form = next(f for f in forms(html) if "answered_in" in f.choices)
    assert form.choices["answered_in"] == ["", "en", "es"]
    assert "español" in html
    spanish = submit(client, form, "/admin/items", answered_in="es", suspect="")
    spanish = spanish.get_data(as_text=True)
    assert answers_and_facility(spanish, "basics-q1") == ("1", "1.00")
    english = submit(client, form, "/admin/items", answered_in="en", suspect="").get_data(
        as_text=True
    )
    assert answers_and_facility(english, "basics-q1") == ("1", "0.00")
    export = client.get("/admin/export/answers.csv").get_data(as_text=True).splitlines()
    assert {line.rsplit(",", 1)[1] for line in export[1:]} == {"en", "es"}
    speak("es")
    assert "¿Qué es cierto?" in page(client, "/admin/items?quiz=basics")
    assert "Si un médico lo recetó, es seguro." in page(client, "/admin/myths")
    assert "Si un médico lo recetó, es seguro." in page(client, "/admin/efficacy")


def test_a_teacher_sees_one_class_whatever_language_each_student_answered_in(
    bilingual, client, auth, speak
):
    teacher, english, spanish = make_user("teacher"), make_user(), make_user()
    classroom = make_class(teacher, students=[english, spanish])
    take_basics_quiz(client, auth, english, "en", speak, "Prescribed means safe.")
    take_basics_quiz(client, auth, spanish, "es", speak, "Recetado quiere decir seguro.")
    auth.login(teacher)
    speak("en")
    myths = page(client, f"/teach/classes/{classroom.id}/myths")
    card = myths[myths.index("If a doctor prescribed it, it is safe.") :]
    assert "Held by 2 of 2" in card[: card.index("</li>")]
    assert FIRMLY_HELD_BY_TWO.search(card[: card.index("</li>")])
    speak("es")
    spanish_page = page(client, f"/teach/classes/{classroom.id}/myths")
    card = spanish_page[spanish_page.index("Si un médico lo recetó, es seguro.") :]
    assert FIRMLY_HELD_BY_TWO.search(card[: card.index("</li>")])
    answers = page(client, f"/teach/classes/{classroom.id}/students/{english.id}")
    assert "¿Qué es cierto?" in answers and "Recetado quiere decir seguro." in answers
    assert "Lo básico" in answers
    guide = page(client, f"/teach/classes/{classroom.id}/lessons/basics")
    assert "¿A quién le puedes preguntar sobre un medicamento?" in guide
    assert "Si un médico lo recetó, es seguro." in guide


def test_a_teacher_reading_spanish_sees_assigned_lessons_named_in_spanish(
    bilingual, client, auth, speak
):
    teacher = make_user("teacher")
    classroom = make_class(teacher, students=[make_user()])
    auth.login(teacher)
    assert assign(auth, classroom.id, ["basics"]).status_code == 303
    speak("es")
    class_page = page(client, f"/teach/classes/{classroom.id}")
    assert "Lo básico" in class_page and "The basics" not in class_page
    assert "Lección 1: Lo básico" in class_page
    progress = page(client, f"/teach/classes/{classroom.id}/progress")
    assert "Lo básico" in progress and "The basics" not in progress
    edit_path = re.search(r'href="(/teach/classes/\d+/assignments/\d+/edit)"', class_page).group(1)
    assert "Lo básico" in page(client, edit_path)
    header = read_csv(client.get(f"/teach/classes/{classroom.id}/progress.csv"))[0]
    assert "Lo básico" in header
