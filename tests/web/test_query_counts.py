"""No N+1 queries: a page runs the same number of SQL statements for 2 learners or
answers as for 20. Each test renders a page, adds rows, renders it again and
compares the statement counts (listed in the failure message)."""

import pytest
from flask import url_for

from quizapp import answers, attempts
from quizapp.content import PRE_QUIZ
from quizapp.extensions import db
from quizapp.models import Assignment, Lesson, Membership, Quiz, User

from ..conftest import make_class, make_user, statements_sent
from .helpers import choice

FEW, MANY = 2, 20


def statements_for(client, path: str) -> list[str]:
    # A request in production starts with an empty session; so does this one.
    db.session.remove()
    with statements_sent() as statements:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return [statement[:120] for statement in statements]


def assert_same_count(few: list[str], many: list[str]) -> None:
    assert len(many) == len(few), "statements grew with the rows:\n" + "\n".join(
        [f"{len(few)} with few rows:", *few, f"{len(many)} with many rows:", *many]
    )


def lessons() -> list[Lesson]:
    return list(db.session.execute(db.select(Lesson).order_by(Lesson.position)).scalars())


def take_quiz(user_id: int, quiz_id: str, answered: int | None = None, finish: bool = True):
    """Answer a quiz (the first `answered` items, all by default: half of them wrongly)."""
    attempt = attempts.start_attempt(user_id, db.session.get(Quiz, quiz_id))
    items = attempts.attempt_items(attempt)[:answered]
    for n, item in enumerate(items):
        picked = choice(item.question_id, correct=n % 2 == 0)
        target = answers.answer_target(attempt.id, item.question_id)
        answers.record_answer(target, picked.id, 1 + n % 3)
    if finish and answered is None:
        attempts.finish_attempt(attempt)
    return attempt.id


def busy_student(lesson_count: int):
    """A student who took the myth check and `lesson_count` lesson quizzes."""
    student = make_user("student")
    take_quiz(student.id, PRE_QUIZ)
    for lesson in lessons()[:lesson_count]:
        take_quiz(student.id, lesson.id)
    return db.session.get(User, student.id)


def same_page_for(client, auth, path: str, few, many) -> None:
    many_id = many.id
    auth.login(few)
    first = statements_for(client, path)
    auth.logout()
    auth.login(db.session.get(User, many_id))
    assert_same_count(first, statements_for(client, path))


def test_lesson_page(client, auth):
    path = f"/lessons/{lessons()[-1].id}"
    same_page_for(client, auth, path, busy_student(1), busy_student(7))


def test_my_myths_page(client, auth):
    same_page_for(client, auth, "/my-myths", busy_student(0), busy_student(8))


def test_home_page(client, auth):
    same_page_for(client, auth, "/", busy_student(1), busy_student(8))


def test_question_page(client, auth, student):
    student_id = student.id
    take_quiz(student_id, PRE_QUIZ)
    attempt_id = take_quiz(student_id, lessons()[0].id, answered=FEW, finish=False)
    auth.login(db.session.get(User, student_id))
    path = f"/attempts/{attempt_id}/questions/{FEW}"
    first = statements_for(client, path)
    for lesson in lessons()[1:]:
        take_quiz(student_id, lesson.id)
    assert_same_count(first, statements_for(client, path))


def test_result_page(client, auth, student):
    student_id = student.id
    attempt_id = take_quiz(student_id, PRE_QUIZ)
    auth.login(db.session.get(User, student_id))
    first = statements_for(client, f"/attempts/{attempt_id}/result")
    for lesson in lessons():
        take_quiz(student_id, lesson.id)
    assert_same_count(first, statements_for(client, f"/attempts/{attempt_id}/result"))


def class_with_work(teacher, students: int) -> int:
    """A class whose students took the myth check and a lesson, with two lessons
    assigned; its id."""
    classroom_id = make_class(teacher).id
    add_students(classroom_id, students)
    for lesson in lessons()[:2]:
        db.session.add(Assignment(classroom_id=classroom_id, quiz_id=lesson.id))
    db.session.commit()
    return classroom_id


def add_students(classroom_id: int, count: int) -> None:
    for _ in range(count):
        student_id = busy_student(1).id
        db.session.add(Membership(classroom_id=classroom_id, user_id=student_id))
    db.session.commit()


def grows_with_class(client, auth, viewer, path_for) -> None:
    """The page of a class with FEW students, then with MANY (and a second class)."""
    viewer_id = viewer.id
    teacher = make_user("teacher")
    teacher_id = teacher.id
    classroom_id = class_with_work(teacher, FEW)
    path = path_for(classroom_id)
    auth.login(db.session.get(User, viewer_id))
    first = statements_for(client, path)
    add_students(classroom_id, MANY - FEW)
    class_with_work(db.session.get(User, teacher_id), FEW)
    assert_same_count(first, statements_for(client, path))


@pytest.mark.parametrize(
    "page", ["/teach/classes/{}/progress", "/teach/classes/{}/myths", "/teach/"]
)
def test_teacher_pages(client, auth, admin, page):
    grows_with_class(client, auth, admin, page.format)


@pytest.mark.parametrize(
    "endpoint",
    ["admin.overview", "admin.lessons", "admin.myths", "admin.item_analysis", "admin.users"],
)
def test_admin_pages(app, client, auth, admin, endpoint):
    with app.test_request_context():
        path = url_for(endpoint)
    grows_with_class(client, auth, admin, lambda _: path)
