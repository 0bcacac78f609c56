"""Retention: a delayed myth check scheduled by the teacher, taken weeks later,
and the pre / post / delayed report with Hake's gain and the loss."""

from datetime import timedelta

import pytest

from quizapp import answers, attempts
from quizapp.content import POST_QUIZ, PRE_QUIZ, AttemptMode
from quizapp.extensions import db
from quizapp.models import Assignment, Quiz
from quizapp.reports.myth_checks import pre_post
from quizapp.reports.scope import Scope

from ..conftest import make_class, make_user
from .admin_helpers import MYTHS
from .helpers import ATTEMPT_URL, choice
from .learning_helpers import attempt, probes
from .teach_helpers import switch

A, B = "addiction-takes-years", "alcohol-is-fine"


def take(user, quiz_id: str, wrong=(), mode=AttemptMode.FULL, assignment_id=None) -> None:
    """Finish a myth check through the service, picking the myth of each item in `wrong`."""
    quiz = db.session.get(Quiz, quiz_id)
    started = attempts.start_attempt(user.id, quiz, mode, assignment_id=assignment_id)
    for item in attempts.attempt_items(started):
        picked = choice(item.question_id, myth=bool(probes(item.question_id) & set(wrong)))
        answers.record_answer(answers.answer_target(started.id, item.question_id), picked.id, 2)
    attempts.finish_attempt(started)


def delayed_tests() -> list[Assignment]:
    return list(
        db.session.execute(db.select(Assignment).filter_by(mode=AttemptMode.DELAYED)).scalars()
    )


def schedule(auth, classroom, available_on: str):
    return auth.post(f"/teach/classes/{classroom.id}/delayed-test", {"available_on": available_on})


def test_report_matches_hand_computed_gain_and_loss(app, teacher):
    first, second, outsider = make_user(), make_user(), make_user()
    classroom = make_class(teacher, students=[first, second])
    take(first, PRE_QUIZ, [A, B])
    take(second, PRE_QUIZ, [A])
    take(first, POST_QUIZ, [B])
    take(second, POST_QUIZ)
    take(first, POST_QUIZ, [A, B], mode=AttemptMode.DELAYED)
    take(second, POST_QUIZ, [A], mode=AttemptMode.DELAYED)
    take(outsider, PRE_QUIZ, [A, B])
    take(first, PRE_QUIZ)  # a second try does not count

    rows = {row.myth_id: row for row in pre_post(Scope(classroom_id=classroom.id)).everyone}
    a, b, total = rows[A], rows[B], rows[None]
    assert (a.pre.percent, a.post.percent, a.delayed.percent) == (100, 0, 100)
    assert (a.gain, a.loss) == (1.0, 100)
    assert (b.pre.percent, b.post.percent, b.delayed.percent) == (50, 50, 50)
    assert (b.gain, b.loss) == (0.0, 0)
    other = rows["withdrawal-mild"]
    assert (other.pre.percent, other.gain, other.loss) == (0, None, 0)
    # one item per myth x 2 students per test; 3, 1 and 3 holding.
    answered = 2 * MYTHS
    assert (total.pre.n, total.pre.held, total.post.held, total.delayed.held) == (
        answered,
        3,
        1,
        3,
    )
    assert total.gain == pytest.approx(2 / 3)
    assert total.loss == round(100 * 2 / answered)
    everyone = {row.myth_id: row for row in pre_post(Scope()).everyone}
    assert everyone[A].pre.n == 3


def test_teacher_schedules_and_students_take_it_weeks_later(client, auth, teacher, clock):
    student = make_user()
    classroom = make_class(teacher, students=[student])
    take(student, PRE_QUIZ, [A])
    take(student, POST_QUIZ)
    auth.login(teacher)
    page = client.get(f"/teach/classes/{classroom.id}/myths").get_data(as_text=True)
    in_four_weeks = (clock.now + timedelta(weeks=4)).date()
    assert f'value="{in_four_weeks.isoformat()}"' in page
    response = schedule(auth, classroom, in_four_weeks.isoformat())
    assert response.status_code == 303
    (test,) = delayed_tests()
    assert (test.quiz_id, test.available_on) == (POST_QUIZ, in_four_weeks)

    switch(auth, student)
    assert "weeks later" not in client.get("/").get_data(as_text=True)
    response = auth.post(f"/assignments/{test.id}/start")
    assert "This opens on" in client.get(response.location).get_data(as_text=True)

    clock.travel(weeks=4)
    assert clock.now.date() == in_four_weeks
    assert "Myth check again, weeks later" in client.get("/").get_data(as_text=True)
    response = auth.post(f"/assignments/{test.id}/start")
    started = attempt(int(ATTEMPT_URL.search(response.location).group(1)))
    assert (started.quiz_id, started.mode, started.assignment_id) == (
        POST_QUIZ,
        AttemptMode.DELAYED,
        test.id,
    )


def test_scheduling_again_moves_the_date(client, auth, teacher, clock):
    classroom = make_class(teacher)
    auth.login(teacher)
    later = clock.now.date() + timedelta(days=30)
    schedule(auth, classroom, (clock.now.date() + timedelta(days=20)).isoformat())
    response = schedule(auth, classroom, later.isoformat())
    assert "moved" in client.get(response.location).get_data(as_text=True)
    assert [t.available_on for t in delayed_tests()] == [later]


@pytest.mark.parametrize("value", ["", "2020-01-01", "soon"])
def test_bad_date_is_refused_and_nothing_saved(auth, teacher, value):
    classroom = make_class(teacher)
    auth.login(teacher)
    response = schedule(auth, classroom, value)
    assert response.status_code == 422
    assert 'class="field-error"' in response.get_data(as_text=True)
    assert delayed_tests() == []


def test_who_may_schedule(auth, teacher, student, admin, clock):
    classroom = make_class(teacher)
    day = (clock.now.date() + timedelta(days=28)).isoformat()
    assert "/login" in schedule(auth, classroom, day).location
    auth.login(student)
    assert schedule(auth, classroom, day).status_code == 403
    switch(auth, make_user("teacher"))
    assert schedule(auth, classroom, day).status_code == 404
    assert delayed_tests() == []
    switch(auth, admin)
    assert schedule(auth, classroom, day).status_code == 303
    assert len(delayed_tests()) == 1
