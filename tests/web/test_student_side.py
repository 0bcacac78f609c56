"""The student's side of a class week: the myth check first, results straight after the
last answer with every miss explained, My myths, and the classes they are in."""

import re

from quizapp.content import PRE_QUIZ
from quizapp.extensions import db
from quizapp.models import Assignment, Attempt, Membership

from ..conftest import make_class
from .helpers import answer, choice, finish_pre_check, items, start, submit_rendered_form
from .learning_helpers import take_pre_check
from .teach_helpers import lessons


def attempts_at(quiz_id: str) -> int:
    query = db.select(db.func.count(Attempt.id)).filter_by(quiz_id=quiz_id)
    return db.session.execute(query).scalar()


def test_the_lesson_list_says_the_myth_check_comes_first(client, auth, student):
    auth.login(student)
    home = client.get("/").get_data(as_text=True)
    assert "The myth check comes first." in home
    assert home.count("Opens after the myth check") == len(lessons(20))
    finish_pre_check(student)
    home = client.get("/").get_data(as_text=True)
    assert "The myth check comes first." not in home
    assert "Opens after the myth check" not in home


def test_starting_a_lesson_quiz_before_the_myth_check_is_refused(client, auth, student):
    auth.login(student)
    lesson = lessons(1)[0]
    response = auth.post(f"/quizzes/{lesson.id}/start")
    assert response.status_code == 303
    assert response.location.endswith("/myth-check")
    assert attempts_at(lesson.id) == 0
    assert "Take the short myth check first" in client.get(response.location).get_data(as_text=True)
    finish_pre_check(student)
    assert submit_rendered_form(client, f"/lessons/{lesson.id}", "/start").status_code == 303
    assert attempts_at(lesson.id) == 1


def test_the_last_answer_leads_straight_to_the_results(client, auth, student):
    auth.login(student)
    attempt_id = start(auth, PRE_QUIZ)
    questions = items(attempt_id)
    for question_id in questions:
        response = answer(auth, attempt_id, question_id, choice(question_id).id)
    feedback = client.get(response.location).get_data(as_text=True)
    results_link = re.search(r'href="([^"]+)">See my results</a>', feedback).group(1)
    assert results_link.endswith(f"/attempts/{attempt_id}/result")
    page = client.get(results_link)
    assert page.status_code == 200
    assert "Your results" in page.get_data(as_text=True)
    assert "All answered" not in page.get_data(as_text=True)
    assert db.session.get(Attempt, attempt_id).is_finished


def test_my_myths_opens_with_a_summary_and_lists_held_myths_first(client, auth, student):
    auth.login(student)
    pre = start(auth, PRE_QUIZ)
    held_question = items(pre)[-1]
    held = choice(held_question, myth=True)
    for question_id in items(pre):
        picked = held if question_id == held_question else choice(question_id)
        answer(auth, pre, question_id, picked.id, certainty=3)
    page = client.get("/my-myths").get_data(as_text=True)
    start_at = page.index("myth-summary")
    summary = " ".join(
        re.sub(r"<[^>]+>", " ", page[start_at : page.index("</ul>", start_at)]).split()
    )
    assert "1 still held" in summary and "0 corrected" in summary
    first_myth = re.search(r'class="myth myth-(\w+)"', page).group(1)
    assert first_myth == "firm", "the myth still held comes first, not in course order"
    assert page.count("Read the lesson:") >= 1
    lesson_link = re.search(r'href="(/lessons/[^"]+)">Read the lesson', page).group(1)
    assert client.get(lesson_link).status_code == 200


def test_a_student_sees_their_classes_and_leaves_one_after_confirming(
    client, auth, student, teacher
):
    stays, leaves = (
        make_class(teacher, "Biology", [student]),
        make_class(teacher, "Health", [student]),
    )
    auth.login(student)
    home = client.get("/").get_data(as_text=True)
    assert "Your classes" in home and "Biology" in home and "Health" in home
    confirm_url = f"/classes/{leaves.id}/leave"
    assert confirm_url in home
    confirm = client.get(confirm_url).get_data(as_text=True)
    assert "Leave “Health”?" in confirm
    assert db.session.get(Membership, (leaves.id, student.id)) is not None, "asking changes nothing"
    response = submit_rendered_form(client, confirm_url, "/leave")
    assert response.status_code == 303
    assert db.session.get(Membership, (leaves.id, student.id)) is None
    assert db.session.get(Membership, (stays.id, student.id)) is not None
    assert "You left “Health”" in client.get(response.location).get_data(as_text=True)
    assert client.get(confirm_url).status_code == 404


def test_done_assignments_fold_away(client, auth, student, teacher):
    classroom = make_class(teacher, students=[student])
    done, todo = lessons(2)
    for lesson in (done, todo):
        db.session.add(Assignment(classroom_id=classroom.id, quiz_id=lesson.id))
    db.session.commit()
    auth.login(student)
    take_pre_check(auth, {})
    attempt_id = start(auth, done.id)
    for question_id in items(attempt_id):
        answer(auth, attempt_id, question_id, choice(question_id).id)
    home = client.get("/").get_data(as_text=True)
    folded = home[home.index('<details class="done-work">') : home.index("</details>")]
    assert "Done (1)" in folded and done.title in folded and todo.title not in folded
