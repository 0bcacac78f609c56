"""Assignments: bad input saves nothing, duplicates are skipped, edit and remove,
and the student's "Assigned to you" list (overdue first, done last)."""

from datetime import timedelta

from quizapp import clock, timezones
from quizapp.content import PRE_QUIZ
from quizapp.extensions import db
from quizapp.models import Assignment, Attempt
from quizapp.reports.classes import assigned_to

from ..conftest import make_class
from .helpers import answer_all, finish, finish_pre_check, start
from .teach_helpers import assign, due_in, lessons, switch


def count_assignments() -> int:
    return db.session.execute(db.select(db.func.count(Assignment.id))).scalar()


def test_nothing_picked_or_a_past_date_saves_nothing(auth, teacher):
    classroom = make_class(teacher)
    auth.login(teacher)
    response = assign(auth, classroom.id, [], due_in(3))
    assert response.status_code == 422
    assert "Pick at least one lesson." in response.get_data(as_text=True)
    response = assign(auth, classroom.id, [lessons(1)[0].id], due_in(-30))
    assert response.status_code == 422
    assert "That date is in the past." in response.get_data(as_text=True)
    response = auth.post(
        f"/teach/classes/{classroom.id}/assignments/new",
        {"quiz_ids": [lessons(1)[0].id], "due_on": "next tuesday"},
    )
    assert response.status_code == 422
    response = assign(auth, classroom.id, ["no-such-quiz"])
    assert response.status_code == 422
    assert count_assignments() == 0


def test_the_myth_checks_can_be_assigned_and_repeats_are_skipped(client, auth, teacher):
    classroom = make_class(teacher)
    auth.login(teacher)
    form = client.get(f"/teach/classes/{classroom.id}/assignments/new").get_data(as_text=True)
    assert "Myth check (before the lessons)" in form and "Final myth check" in form
    first = lessons(1)[0].id
    assign(auth, classroom.id, [PRE_QUIZ, first])
    response = assign(auth, classroom.id, [first])
    page = client.get(response.location).get_data(as_text=True)
    assert "Assigned 0 lessons. 1 was assigned already." in page
    assert count_assignments() == 2


def test_edit_the_due_date_and_remove(client, auth, teacher, student):
    classroom = make_class(teacher, students=[student])
    auth.login(teacher)
    assign(auth, classroom.id, [lessons(1)[0].id], due_in(2))
    assignment = db.session.execute(db.select(Assignment)).scalar_one()
    url = f"/teach/classes/{classroom.id}/assignments/{assignment.id}"
    assert auth.post(f"{url}/edit", {"due_on": due_in(9).isoformat()}).status_code == 303
    db.session.refresh(assignment)
    assert assignment.due_on == due_in(9)
    assert auth.post(f"{url}/edit", {"due_on": ""}).status_code == 303
    db.session.refresh(assignment)
    assert assignment.due_on is None

    switch(auth, student)
    finish_pre_check(student)
    attempt = start(auth, assignment.quiz_id)
    db.session.execute(db.update(Attempt).values(assignment_id=assignment.id))
    db.session.commit()
    switch(auth, teacher)
    assert auth.post(f"{url}/delete").status_code == 303
    assert count_assignments() == 0
    assert db.session.get(Attempt, attempt) is not None


def test_assigned_list_puts_overdue_first_and_done_last(client, auth, teacher, student):
    classroom = make_class(teacher, students=[student])
    first, second, third = lessons(3)
    now = clock.now()
    today = timezones.local(now).date()
    db.session.add_all(
        [
            Assignment(classroom_id=classroom.id, quiz_id=first.id, due_on=today + timedelta(5)),
            Assignment(classroom_id=classroom.id, quiz_id=second.id, due_on=today - timedelta(2)),
            Assignment(classroom_id=classroom.id, quiz_id=third.id),
        ]
    )
    db.session.commit()
    auth.login(student)
    finish_pre_check(student)
    done = start(auth, third.id)
    answer_all(auth, done)
    finish(auth, done)
    items = assigned_to(student.id, now)
    assert [(i.quiz_id, i.overdue, i.done) for i in items] == [
        (second.id, True, False),
        (first.id, False, False),
        (third.id, False, True),
    ]
    page = client.get("/").get_data(as_text=True)
    assert page.index(second.title) < page.index(first.title)
    assert "Overdue: was due" in page and "Done · best 100%" in page


def test_archived_classes_and_later_work_are_not_listed(app, teacher, student):
    classroom = make_class(teacher, students=[student])
    now = clock.now()
    later = now + timedelta(days=3)
    opens = timezones.local(later).date()
    db.session.add(Assignment(classroom_id=classroom.id, quiz_id=PRE_QUIZ, available_on=opens))
    db.session.commit()
    assert assigned_to(student.id, now) == []
    assert len(assigned_to(student.id, later)) == 1
    classroom.archived_at = clock.now()
    db.session.commit()
    assert assigned_to(student.id, later) == []
