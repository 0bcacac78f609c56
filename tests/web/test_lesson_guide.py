"""The teacher's discussion guide of a lesson, and the sources at the end of the
student's lesson page."""

from markupsafe import escape

from quizapp.content import PRE_QUIZ
from quizapp.extensions import db
from quizapp.models import Lesson, Myth, Question, QuestionMyth

from ..conftest import make_class, make_user
from .helpers import answer, answer_all, choice, finish, start
from .teach_helpers import switch

LESSON = "fake-pills-and-emergencies"


def lesson_myths(lesson_id: str) -> set[str]:
    """The myths the lesson's active questions probe."""
    probes = (
        db.select(QuestionMyth.myth_id)
        .join(Question, Question.id == QuestionMyth.question_id)
        .where(Question.quiz_id == lesson_id, Question.active)
    )
    return set(db.session.execute(probes).scalars())


def statement(myth_id: str) -> str:
    return str(escape(db.session.get(Myth, myth_id).statement))


def test_the_class_page_links_each_lesson_to_its_guide(auth, teacher):
    classroom = make_class(teacher)
    auth.login(teacher)
    page = auth.client.get(f"/teach/classes/{classroom.id}").get_data(as_text=True)
    guide = f'href="/teach/classes/{classroom.id}/lessons/{LESSON}"'
    assert guide in page
    lessons = db.session.execute(db.select(db.func.count()).filter(Lesson.active)).scalar()
    assert page.count(f'href="/teach/classes/{classroom.id}/lessons/') == lessons


def test_the_guide_shows_questions_standards_and_the_lessons_myths(auth, teacher):
    classroom = make_class(teacher, students=[make_user("student")])
    auth.login(teacher)
    page = auth.client.get(f"/teach/classes/{classroom.id}/lessons/{LESSON}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    lesson = db.session.get(Lesson, LESSON)
    assert lesson.discussion and lesson.standards and lesson.sources
    for text in (*lesson.discussion, *lesson.standards, *lesson.sources):
        assert str(escape(text)) in html
    probed = lesson_myths(LESSON)
    for myth_id in probed:
        assert statement(myth_id) in html
    other = next(m for m in db.session.execute(db.select(Myth.id)).scalars() if m not in probed)
    assert statement(other) not in html, "not a myth this lesson probes"
    assert html.count("No answers from this class yet.") == len(probed)


def test_the_guide_counts_the_class_members_who_hold_a_myth(auth, teacher):
    holder, other = make_user("student"), make_user("student")
    classroom = make_class(teacher, students=[holder, other])
    auth.login(holder)
    pre = start(auth, PRE_QUIZ)
    myth_choice = choice("pre-sleep-it-off", myth=True)
    assert answer(auth, pre, "pre-sleep-it-off", myth_choice.id, certainty=3).status_code == 303
    switch(auth, teacher)
    html = auth.client.get(f"/teach/classes/{classroom.id}/lessons/{LESSON}").get_data(as_text=True)
    assert "1 of 2 students hold it now." in html
    assert html.count("No answers from this class yet.") == len(lesson_myths(LESSON)) - 1


def test_another_teachers_class_guide_is_hidden(auth, teacher):
    classroom = make_class(make_user("teacher"))
    auth.login(teacher)
    assert auth.client.get(f"/teach/classes/{classroom.id}/lessons/{LESSON}").status_code == 404


def test_every_lesson_page_ends_with_its_sources(auth, student):
    auth.login(student)
    pre = start(auth, PRE_QUIZ)
    answer_all(auth, pre)
    finish(auth, pre)
    for lesson in db.session.execute(db.select(Lesson).filter_by(active=True)).scalars():
        html = auth.client.get(f"/lessons/{lesson.id}").get_data(as_text=True)
        assert lesson.sources, lesson.id
        sources = html.index('id="sources-heading"')
        assert html.index('id="facts-heading"') < sources, lesson.id
        for source in lesson.sources:
            assert str(escape(source)) in html[sources:], (lesson.id, source)
