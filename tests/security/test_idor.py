"""No IDOR (ASVS 8.2.2): changing an id in the URL reaches nothing that is not
yours, writes nothing, and the 404 leaks nothing."""

import re

import sqlalchemy as sa

from quizapp.content import PRE_QUIZ
from quizapp.extensions import db
from quizapp.models import Answer, Attempt
from tests.conftest import Auth, make_class, make_user
from tests.web.helpers import answer, choice, items, start

# The session's CSRF token, signed with the second it was made: two pages a moment
# apart may carry two spellings of it.
SIGNED_TOKEN = re.compile(rb"[\w-]{20,}\.[\w-]{5,}\.[\w-]{20,}")


def page_without(response, address: str) -> bytes:
    """The page, without its own address and the session's token."""
    return SIGNED_TOKEN.sub(b"token", response.get_data().replace(address.encode(), b""))


def test_a_student_cannot_answer_or_finish_another_students_attempt(new_client, auth, student):
    auth.login(student)
    attempt = start(auth, PRE_QUIZ)
    *answered, last = items(attempt)
    for question_id in answered:  # the last answer would finish the attempt
        answer(auth, attempt, question_id, choice(question_id).id)
    intruder = Auth(new_client())
    intruder.login(make_user("student"))

    for question in (answered[0], last):
        response = intruder.post(
            f"/attempts/{attempt}/answer",
            {
                "question_id": question,
                "choice": str(choice(question, correct=False).id),
                "certainty": "3",
            },
        )
        assert response.status_code == 404
    finish = intruder.post(f"/attempts/{attempt}/finish")
    theirs, nowhere = f"/attempts/{attempt}/questions/1", "/attempts/2147483000"
    page = intruder.client.get(theirs)

    assert (finish.status_code, page.status_code) == (404, 404)
    assert db.session.get(Attempt, attempt).finished_at is None
    correct = db.session.execute(
        sa.select(sa.func.count()).where(Answer.attempt_id == attempt, Answer.is_correct)
    ).scalar()
    assert correct == len(answered), "the intruder changed no answer and added none"
    # Each 404 names only the address it was asked at (its language button comes back to it).
    missing = page_without(intruder.client.get(nowhere), nowhere)
    assert page_without(page, theirs) == missing, (
        "someone else's attempt looks exactly like one that does not exist"
    )


def test_a_teacher_cannot_see_another_teachers_class_or_students(new_client, auth, teacher):
    student = make_user("student", username="only-in-class-a")
    classroom = make_class(teacher, "Class A", students=[student])
    other = Auth(new_client())
    other.login(make_user("teacher"))
    for path in (
        f"/teach/classes/{classroom.id}",
        f"/teach/classes/{classroom.id}/students",
        f"/teach/classes/{classroom.id}/students/{student.id}",
        f"/teach/classes/{classroom.id}/progress.csv",
    ):
        response = other.client.get(path)
        assert response.status_code == 404, path
        assert (
            b"only-in-class-a" not in response.get_data() and b"Class A" not in response.get_data()
        )


def test_a_teacher_cannot_open_a_student_outside_their_class_through_their_class(auth, teacher):
    classroom = make_class(teacher, students=[make_user("student")])
    stranger = make_user("student", username="stranger-kid")
    auth.login(teacher)
    response = auth.client.get(f"/teach/classes/{classroom.id}/students/{stranger.id}")
    assert response.status_code == 404
    assert b"stranger-kid" not in response.get_data()
