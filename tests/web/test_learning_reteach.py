"""Re-teach: one action on the class myths page assigns a review quiz on the
myths the class holds; students take it from their home page."""

import pytest

from quizapp.content import REVIEW_QUIZ, AttemptMode
from quizapp.extensions import db
from quizapp.models import Assignment, MythBelief

from ..conftest import make_class, make_user
from .helpers import ATTEMPT_URL, finish, items
from .learning_helpers import answer_items, attempt, probes, start_review, take_pre_check
from .teach_helpers import switch

ADDICTION, ALCOHOL = "addiction-takes-years", "alcohol-is-fine"


@pytest.fixture
def world(auth, teacher):
    """Three students: two hold the addiction myth, one of them the alcohol myth too."""
    students = [make_user(), make_user(), make_user()]
    holds = [
        {f"pre-{ADDICTION}": 3, f"pre-{ALCOHOL}": 2},
        {f"pre-{ADDICTION}": 1},
        {},
    ]
    for student, hold in zip(students, holds, strict=True):
        auth.login(student)
        take_pre_check(auth, hold)
        auth.logout()
    auth.login(teacher)
    return make_class(teacher, students=students), students


def reviews() -> list[Assignment]:
    return list(
        db.session.execute(db.select(Assignment).filter_by(mode=AttemptMode.REVIEW)).scalars()
    )


def reteach(auth, classroom, share="50", due_on=""):
    return auth.post(f"/teach/classes/{classroom.id}/reteach", {"share": share, "due_on": due_on})


def test_reteach_assigns_the_myths_held_by_the_chosen_share(client, auth, world):
    classroom, _ = world
    page = client.get(f"/teach/classes/{classroom.id}/myths").get_data(as_text=True)
    assert "Assign a review quiz" in page
    response = reteach(auth, classroom, "50")
    assert response.status_code == 303
    assert response.location.endswith(f"/teach/classes/{classroom.id}/myths")
    assert [a.myth_ids for a in reviews()] == [[ADDICTION]]
    reteach(auth, classroom, "30")
    assert reviews()[-1].myth_ids == [ADDICTION, ALCOHOL], "most widely held first"
    page = client.get(f"/teach/classes/{classroom.id}/myths").get_data(as_text=True)
    assert "Assigned a review quiz on 2 myths." in page
    assert "0 of 3 students done" in page


def test_a_student_takes_the_assigned_review(client, auth, world):
    classroom, students = world
    reteach(auth, classroom, "50")
    (assignment,) = reviews()
    switch(auth, students[2])
    home = client.get("/").get_data(as_text=True)
    assert "Review quiz: myths the class still holds" in home
    response = auth.post(f"/assignments/{assignment.id}/start")
    assert response.status_code == 303
    attempt_id = int(ATTEMPT_URL.search(response.location).group(1))
    started = attempt(attempt_id)
    assert (started.mode, started.quiz_id, started.assignment_id) == (
        AttemptMode.REVIEW,
        REVIEW_QUIZ,
        assignment.id,
    )
    (question_id,) = items(attempt_id)
    assert ADDICTION in probes(question_id)
    last = db.session.get(MythBelief, {"user_id": students[2].id, "myth_id": ADDICTION})
    assert question_id != last.last_question_id
    answer_items(auth, attempt_id)
    finish(auth, attempt_id)
    assert "Done · best 100%" in client.get("/").get_data(as_text=True)
    switch(auth, classroom.teacher)
    page = client.get(f"/teach/classes/{classroom.id}/myths").get_data(as_text=True)
    assert "1 of 3 students done" in page


@pytest.mark.parametrize(
    ("share", "message"),
    [
        ("0", "Give a share from 1 to 100."),
        ("101", "Give a share from 1 to 100."),
        ("", "Give a share from 1 to 100."),
        ("lots", "Not a valid integer value."),
    ],
)
def test_bad_share_is_refused_and_nothing_saved(auth, world, share, message):
    classroom, _ = world
    response = reteach(auth, classroom, share)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert reviews() == []


def test_no_myth_held_widely_enough_saves_nothing(client, auth, world):
    classroom, _ = world
    response = reteach(auth, classroom, "100")
    assert "No myth is held by 100% of the class" in client.get(response.location).get_data(
        as_text=True
    )
    assert reviews() == []


def test_who_may_reteach(auth, world, student):
    classroom, _ = world
    auth.logout()
    assert "/login" in reteach(auth, classroom).location
    auth.login(student)
    assert reteach(auth, classroom).status_code == 403
    switch(auth, make_user("teacher"))
    assert reteach(auth, classroom).status_code == 404
    assert reviews() == []


def test_only_members_of_an_open_class_may_start_its_review(client, auth, world, student):
    classroom, students = world
    reteach(auth, classroom, "50")
    (assignment,) = reviews()
    switch(auth, student)
    assert auth.post(f"/assignments/{assignment.id}/start").status_code == 404
    switch(auth, students[0])
    classroom.archived_at = classroom.created_at
    db.session.commit()
    assert auth.post(f"/assignments/{assignment.id}/start").status_code == 404
    auth.logout()
    assert "/login" in auth.post(f"/assignments/{assignment.id}/start").location


def test_confident_misconceptions_come_first_on_the_class_myths_page(client, world):
    classroom, _ = world
    page = client.get(f"/teach/classes/{classroom.id}/myths").get_data(as_text=True)
    assert page.index("Certain, but wrong") < page.index('class="myth-list"')
    section = page[page.index("Certain, but wrong") : page.index('class="myth-list"')]
    assert "You only get addicted after years" in section
    assert "1 student" in section, "only the first student was certain"


def test_an_open_review_is_finished_before_the_assigned_one(clock, client, auth, world):
    classroom, students = world
    reteach(auth, classroom, "50")
    (assignment,) = reviews()
    switch(auth, students[0])
    clock.travel(days=1)
    own = start_review(auth)
    response = auth.post(f"/assignments/{assignment.id}/start")
    assert response.location.endswith(f"/attempts/{own}")
    assert "finish it first" in client.get("/").get_data(as_text=True)
    answer_items(auth, own)
    finish(auth, own)
    response = auth.post(f"/assignments/{assignment.id}/start")
    assert (
        attempt(int(ATTEMPT_URL.search(response.location).group(1))).assignment_id == assignment.id
    )
