"""Progress grid sorting, class myths with the pre/post change, one student's work,
CSV safety, and a fixed number of queries however big the class."""

import re

import pytest

from quizapp import attempts
from quizapp.content import POST_QUIZ, PRE_QUIZ
from quizapp.csvexport import csv_text, neutralise
from quizapp.extensions import db
from quizapp.models import Assignment, Myth, Quiz

from ..conftest import make_class, make_user, statements_sent
from .helpers import answer, answer_all, choice, finish, finish_pre_check, items, start
from .teach_helpers import lessons, read_csv, switch


def assign_now(classroom, *quiz_ids) -> list[Assignment]:
    rows = [Assignment(classroom_id=classroom.id, quiz_id=q) for q in quiz_ids]
    db.session.add_all(rows)
    db.session.commit()
    return rows


def do_quiz(auth, quiz_id) -> None:
    attempt = start(auth, quiz_id)
    answer_all(auth, attempt)
    finish(auth, attempt)


def names_in_grid(page: str) -> list[str]:
    return re.findall(r'<th scope="row"><a [^>]*>([^<]+)</a></th>', page)


def test_grid_sorts_by_column_without_javascript(client, auth, teacher):
    ann, bob, cy = (make_user("student", name) for name in ("ann", "bob", "cy"))
    classroom = make_class(teacher, students=[ann, bob, cy])
    first = lessons(1)[0]
    (assignment,) = assign_now(classroom, first.id)
    for learner in (ann, bob, cy):
        finish_pre_check(learner)
    auth.login(ann)
    attempt = start(auth, first.id)
    answer_all(auth, attempt, wrong=set(items(attempt)[:2]))
    finish(auth, attempt)
    switch(auth, bob)
    do_quiz(auth, first.id)
    switch(auth, cy)
    start(auth, first.id)
    switch(auth, teacher)

    url = f"/teach/classes/{classroom.id}/progress"
    assert names_in_grid(client.get(url).get_data(as_text=True)) == ["ann", "bob", "cy"]
    page = client.get(f"{url}?sort=a{assignment.id}").get_data(as_text=True)
    assert names_in_grid(page) == ["cy", "ann", "bob"]
    assert 'aria-sort="ascending"' in page
    assert "In progress" in page
    page = client.get(f"{url}?sort=a{assignment.id}&order=desc").get_data(as_text=True)
    assert names_in_grid(page) == ["bob", "ann", "cy"]
    page = client.get(f"{url}?sort=done&order=desc").get_data(as_text=True)
    assert names_in_grid(page)[-1] == "cy"
    assert names_in_grid(client.get(f"{url}?sort=junk").get_data(as_text=True))[0] == "ann"


def test_pre_post_change_and_the_myth_page(client, auth, teacher, student):
    classroom = make_class(teacher, students=[student])
    auth.login(student)
    pre = start(auth, PRE_QUIZ)
    question = items(pre)[0]
    myth_id = choice(question, myth=True).myth_id
    answer(auth, pre, question, choice(question, myth=True).id, certainty=1)
    answer_all(auth, pre, wrong={question})
    finish(auth, pre)

    switch(auth, teacher)
    page = client.get(f"/teach/classes/{classroom.id}/myths/{myth_id}").get_data(as_text=True)
    assert student.username in page and "Loosely held" in page
    assert "Questions that probe it" in page and "1 answer, 1 wrong" in page

    switch(auth, student)
    post = attempts.start_attempt(student.id, db.session.get(Quiz, POST_QUIZ)).id
    answer_all(auth, post)
    finish(auth, post)
    switch(auth, teacher)
    rows = read_csv(client.get(f"/teach/classes/{classroom.id}/myths.csv"))
    header, by_statement = rows[0], {row[0]: row for row in rows[1:]}
    assert header[-4:] == [
        "Answered before",
        "Holding before (%)",
        "Answered after",
        "Holding after (%)",
    ]
    statement = db.session.get(Myth, myth_id).statement
    assert by_statement[statement][-4:] == ["1", "100", "1", "0"]
    page = client.get(f"/teach/classes/{classroom.id}/myths").get_data(as_text=True)
    assert "holding 100% → 0%" in page
    page = client.get(f"/teach/classes/{classroom.id}/myths/{myth_id}").get_data(as_text=True)
    assert "Nobody in this class holds this myth right now." in page


def test_student_drill_down_shows_attempts_answers_and_myths(client, auth, teacher, student):
    classroom = make_class(teacher, students=[student])
    auth.login(student)
    finish_pre_check(student)
    first = lessons(1)[0]
    attempt = start(auth, first.id)
    wrong = items(attempt)[0]
    answer_all(auth, attempt, wrong={wrong})
    finish(auth, attempt)
    switch(auth, teacher)
    page = client.get(f"/teach/classes/{classroom.id}/students/{student.id}").get_data(as_text=True)
    n = len(items(attempt))
    assert f"{n - 1} of {n} right" in page
    assert "✗ Wrong" in page and "Fairly sure" in page
    assert "Never held" in page


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@cmd", "'@cmd"),
        ("ok", "ok"),
        (-2, -2),
        (None, ""),
    ],
)
def test_formula_cells_are_neutralised(value, safe):
    assert neutralise(value) == safe


def test_csv_export_neutralises_usernames(client, auth, teacher):
    risky = make_user("student", "-2+3")
    classroom = make_class(teacher, students=[risky])
    assign_now(classroom, lessons(1)[0].id)
    auth.login(teacher)
    rows = read_csv(client.get(f"/teach/classes/{classroom.id}/progress.csv"))
    assert rows[1][0] == "'-2+3"
    assert csv_text(["a"], [["=1"]]) == "a\r\n'=1\r\n"


@pytest.mark.parametrize("page", ["progress", "myths", "students", "progress.csv", "myths.csv"])
def test_pages_run_the_same_queries_for_1_or_6_students(client, auth, teacher, page):
    small = make_class(teacher, name="Small", students=[make_user()])
    big = make_class(teacher, name="Big", students=[make_user() for _ in range(6)])
    for classroom in (small, big):
        assign_now(classroom, *(lesson.id for lesson in lessons(3)))
    auth.login(teacher)
    counts = []
    for classroom in (small, big):
        with statements_sent() as statements:
            assert client.get(f"/teach/classes/{classroom.id}/{page}").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]
