"""A live session through its pages: the teacher opens and leads it, students join,
answer and see the feedback; answers count like any other; who may see what."""

import re

import pytest

from quizapp.cli import DEMO_PASSWORD
from quizapp.content import AttemptMode
from quizapp.demo_class import CLASS_NAME
from quizapp.extensions import db
from quizapp.live import service
from quizapp.live.models import LiveParticipant, LiveSession
from quizapp.models import Answer, Attempt, Choice, Classroom, Membership, MythBelief, User
from quizapp.reports import learner
from quizapp.teach.classes import remove_member
from tests.conftest import make_class, make_user
from tests.web.live_helpers import (
    answer,
    answer_form,
    first_lesson_quiz,
    join,
    open_session,
    page_version,
    press,
    signed_in,
)
from tests.web.pageforms import form_with_button, submit


@pytest.fixture
def room(app):
    """A teacher's class of two students, each in a browser of their own."""
    teacher, first, second = make_user("teacher"), make_user(), make_user()
    classroom = make_class(teacher, "Period 3", students=[first, second])
    return {
        "classroom": classroom,
        "teacher": signed_in(app, teacher),
        "students": [signed_in(app, first), signed_in(app, second)],
        "users": [first, second],
    }


def started(room, **options) -> LiveSession:
    session = open_session(room["teacher"], room["classroom"].id, first_lesson_quiz(), **options)
    for student in room["students"]:
        assert join(student, session.join_code).status_code == 303
    assert press(room["teacher"], session.id, "start").status_code == 303
    return session


def text(response) -> str:
    return response.get_data(as_text=True)


def test_the_class_page_button_opens_the_new_session_form(room):
    teacher, classroom = room["teacher"], room["classroom"]
    page = text(teacher.client.get(f"/teach/classes/{classroom.id}"))
    assert f'href="/teach/classes/{classroom.id}/live/new"' in page
    form = text(teacher.client.get(f"/teach/classes/{classroom.id}/live/new"))
    assert 'value="class-myths"' in form and 'value="myth-check"' in form
    assert f'value="{first_lesson_quiz()}"' in form


def test_the_lobby_shows_the_code_and_qr_and_a_count_without_names(room):
    session = open_session(room["teacher"], room["classroom"].id, first_lesson_quiz())
    join(room["students"][0], session.join_code)
    page = text(room["teacher"].client.get(f"/live/{session.id}/projector"))
    assert session.join_code[:3] in page and "<svg" in page
    assert "1</span> joined" in page
    assert room["users"][0].username not in page


def test_a_whole_session_counts_answers_like_any_quiz(room):
    session = started(room)
    first, second = room["students"]
    response, question_id, choices = answer(first, session.id, choice_index=0, certainty=3)
    assert response.status_code == 303
    answer(second, session.id, choice_index=1, certainty=1)
    counts = text(room["teacher"].client.get(f"/live/{session.id}/counts"))
    assert "2</span> answered" in counts
    press(room["teacher"], session.id, "reveal")
    projector = text(room["teacher"].client.get(f"/live/{session.id}/projector"))
    assert "50% (1)" in projector and "Right answer" in projector
    feedback = text(first.client.get(f"/live/{session.id}"))
    assert "You said “Certain”" in feedback
    attempt = db.session.execute(
        db.select(Attempt).filter_by(user_id=room["users"][0].id, mode=AttemptMode.LIVE)
    ).scalar_one()
    assert attempt.quiz_id == first_lesson_quiz()
    press(room["teacher"], session.id, "end")
    db.session.refresh(attempt)
    assert attempt.finished_at is not None and attempt.n_items == len(session.question_ids)
    assert (
        attempt.n_correct
        == db.session.execute(
            db.select(db.func.count()).where(Answer.attempt_id == attempt.id, Answer.is_correct)
        ).scalar()
    )


def test_an_answer_on_a_myth_moves_the_students_beliefs(room):
    session = open_session(room["teacher"], room["classroom"].id, "myth-check")
    join(room["students"][0], session.join_code)
    press(room["teacher"], session.id, "start")
    answer(room["students"][0], session.id, choice_index=0)
    beliefs = db.session.execute(
        db.select(db.func.count()).where(MythBelief.user_id == room["users"][0].id)
    ).scalar()
    assert beliefs >= 1


def test_answering_twice_keeps_the_first_answer(room):
    session = started(room)
    first = room["students"][0]
    response, question_id, choices = answer(first, session.id, choice_index=0, certainty=3)
    again = first.post(
        f"/live/{session.id}/answer",
        {"question_id": question_id, "choice": choices[1], "certainty": 1},
    )
    assert again.status_code == 303
    stored = db.session.execute(
        db.select(Answer).filter_by(user_id=room["users"][0].id, question_id=question_id)
    ).scalar_one()
    assert (stored.choice_id, stored.certainty) == (choices[0], 3)
    assert "your first answer is the one saved" in text(first.client.get(f"/live/{session.id}"))


def test_the_same_answer_sent_again_is_acknowledged_without_a_warning(room):
    session = started(room)
    first = room["students"][0]
    response, question_id, choices = answer(first, session.id, choice_index=0, certainty=3)
    first.client.get(f"/live/{session.id}")
    again = first.post(
        f"/live/{session.id}/answer",
        {"question_id": question_id, "choice": choices[0], "certainty": 3},
    )
    assert again.status_code == 303
    page = text(first.client.get(f"/live/{session.id}"))
    assert "Answer saved" in page and "your first answer is the one saved" not in page


def test_an_answer_after_the_reveal_is_refused_and_saves_nothing(room):
    session = started(room)
    second = room["students"][1]
    page = text(second.client.get(f"/live/{session.id}"))
    press(room["teacher"], session.id, "reveal")
    question_id = session.question_ids[0]
    choice = int(page.split('name="choice"')[1].split('value="')[1].split('"')[0])
    late = second.post(
        f"/live/{session.id}/answer", {"question_id": question_id, "choice": choice, "certainty": 2}
    )
    assert late.status_code == 409 and "closed" in text(late)
    assert db.session.execute(db.select(db.func.count(Answer.id))).scalar() == 0


def test_an_answer_without_certainty_says_so_and_saves_nothing(room):
    session = started(room)
    page = text(room["students"][0].client.get(f"/live/{session.id}"))
    choice = int(page.split('name="choice"')[1].split('value="')[1].split('"')[0])
    response = room["students"][0].post(
        f"/live/{session.id}/answer", {"question_id": session.question_ids[0], "choice": choice}
    )
    assert response.status_code == 422 and "Say how sure you are." in text(response)
    assert db.session.execute(db.select(db.func.count(Answer.id))).scalar() == 0


def test_a_student_who_reconnects_or_joins_late_lands_on_the_current_question(room, app):
    session = started(room)
    press(room["teacher"], session.id, "reveal")
    press(room["teacher"], session.id, "next")
    late_user = make_user()
    db.session.add(Membership(classroom_id=room["classroom"].id, user_id=late_user.id))
    db.session.commit()
    late = signed_in(app, late_user)
    assert join(late, session.join_code).status_code == 303
    page = text(late.client.get(f"/live/{session.id}"))
    assert "Question 2 of" in page and 'name="choice"' in page
    again = signed_in(app, room["users"][0])
    assert "Question 2 of" in text(again.client.get(f"/live/{session.id}"))
    response, question_id, _choices = answer(late, session.id)
    assert response.status_code == 303 and question_id == session.question_ids[1]


def test_the_projector_survives_a_refresh_and_another_device(room, app):
    session = started(room)
    press(room["teacher"], session.id, "reveal")
    other_device = signed_in(
        app, db.session.get(type(room["users"][0]), room["classroom"].teacher_id)
    )
    page = text(other_device.client.get(f"/live/{session.id}/projector"))
    assert 'value="next"' in page and "Question 1 of" in page


def test_a_double_click_moves_the_class_once(room):
    session = started(room)
    projector = text(room["teacher"].client.get(f"/live/{session.id}/projector"))
    version = page_version(projector)
    press(room["teacher"], session.id, "reveal", version)
    stale = room["teacher"].post(
        f"/live/{session.id}/control", {"action": "reveal", "version": version}
    )
    assert stale.status_code == 303
    press(room["teacher"], session.id, "next")
    second_click = room["teacher"].post(
        f"/live/{session.id}/control", {"action": "next", "version": version + 1}
    )
    assert second_click.status_code == 303
    db.session.refresh(session)
    assert session.position == 2


def test_pause_and_resume(room):
    session = started(room)
    press(room["teacher"], session.id, "pause")
    assert "Paused" in text(room["students"][0].client.get(f"/live/{session.id}"))
    press(room["teacher"], session.id, "resume")
    assert 'name="choice"' in text(room["students"][0].client.get(f"/live/{session.id}"))


def test_the_poll_answers_204_until_the_teacher_moves_on(room):
    session = started(room)
    student = room["students"][0]
    version = page_version(text(student.client.get(f"/live/{session.id}")))
    assert student.client.get(f"/live/{session.id}/poll?v={version}").status_code == 204
    press(room["teacher"], session.id, "reveal")
    changed = student.client.get(f"/live/{session.id}/poll?v={version}")
    assert changed.status_code == 200 and changed.headers["HX-Refresh"] == "true"
    assert changed.json == {"v": version + 1}


def test_the_student_page_refreshes_itself_without_javascript_while_waiting(room):
    session = started(room)
    student = room["students"][0]
    open_question = text(student.client.get(f"/live/{session.id}"))
    assert 'http-equiv="refresh"' not in open_question
    answer(student, session.id)
    waiting = text(student.client.get(f"/live/{session.id}"))
    assert 'http-equiv="refresh"' in waiting and f'href="/live/{session.id}">Refresh' in waiting


def test_an_ended_session_takes_no_one_and_no_answer(room, app):
    session = started(room)
    press(room["teacher"], session.id, "end")
    assert room["students"][0].client.get(f"/live/join/{session.join_code}").status_code == 404
    page = text(room["students"][0].client.get(f"/live/{session.id}"))
    assert "The session is over" in page
    ended = room["students"][0].post(
        f"/live/{session.id}/answer",
        {"question_id": session.question_ids[0], "choice": 1, "certainty": 2},
    )
    assert ended.status_code in (400, 409)
    assert db.session.execute(db.select(db.func.count(Answer.id))).scalar() == 0


def test_a_student_outside_the_class_is_offered_the_class(room, app):
    session = open_session(room["teacher"], room["classroom"].id, first_lesson_quiz())
    outsider_user = make_user()
    outsider = signed_in(app, outsider_user)
    assert outsider.client.get(f"/live/{session.id}").status_code == 404
    offer = text(outsider.client.get(f"/live/join/{session.join_code}"))
    assert "Join the class and the session" in offer
    assert join(outsider, session.join_code).status_code == 303
    assert db.session.get(
        Membership, {"classroom_id": room["classroom"].id, "user_id": outsider_user.id}
    )
    assert outsider.client.get(f"/live/{session.id}").status_code == 200


def test_a_student_taken_out_of_the_class_no_longer_sees_or_answers_the_session(room):
    session = started(room)
    student = room["students"][0]
    question_id, choices = answer_form(student, session.id)
    remove_member(room["classroom"].id, room["users"][0].id)
    assert student.client.get(f"/live/{session.id}").status_code == 404
    data = {"question_id": question_id, "choice": choices[0], "certainty": 2}
    assert student.post(f"/live/{session.id}/answer", data).status_code == 404
    assert student.client.get(f"/live/{session.id + 1}").status_code == 404
    assert db.session.execute(db.select(db.func.count(Answer.id))).scalar() == 0


def test_a_signed_out_phone_is_sent_to_sign_up_and_back(room, client):
    session = open_session(room["teacher"], room["classroom"].id, first_lesson_quiz())
    response = client.get(f"/live/join/{session.join_code}")
    assert response.status_code == 302 and "/register" in response.location
    assert f"live/join/{session.join_code}" in response.location.replace("%2F", "/")
    sign_up = client.get(response.location)
    form = form_with_button(text(sign_up), "Create account")
    password = "a long enough password"
    fields = {"username": "new-phone", "password": password, "confirm": password}
    joined = submit(client, form, response.location, **fields)
    assert joined.status_code == 303 and joined.location.endswith(f"/live/join/{session.join_code}")
    offer = text(client.get(joined.location))
    assert "Join the class and the session" in offer
    assert "Your account is ready" in offer and "Start with the short myth check" not in offer


def test_a_phone_whose_login_ended_logs_in_back_to_the_session(room):
    session = started(room)
    student = room["students"][0]
    question_id, choices = answer_form(student, session.id)
    page = f"/live/{session.id}"
    student.client.delete_cookie("session")
    sent = {"question_id": question_id, "choice": choices[0], "certainty": 3}
    response = student.client.post(
        f"{page}/answer", data=sent, headers={"Referer": f"http://localhost{page}"}
    )
    assert response.status_code == 302 and response.location == f"/login?next={page}"
    assert db.session.execute(db.select(db.func.count(Answer.id))).scalar() == 0
    login = text(student.client.get(response.location))
    assert "You were logged out, so that was not done" in login


def test_a_wrong_code_says_so(room):
    response = room["students"][0].post("/live", {"code": "ZZZZZZ"})
    assert response.status_code == 422 and "No session is running" in text(response)


def test_the_code_form_and_the_running_list_lead_to_the_session(room):
    session = open_session(room["teacher"], room["classroom"].id, first_lesson_quiz())
    student = room["students"][0]
    listing = text(student.client.get("/live"))
    assert f'href="/live/join/{session.join_code}"' in listing
    typed = student.post("/live", {"code": session.join_code.lower()})
    assert typed.status_code == 303 and typed.location.endswith(f"/live/join/{session.join_code}")


def test_two_teachers_sessions_side_by_side_stay_apart(room, app):
    other_teacher = make_user("teacher")
    other_student = make_user()
    other_class = make_class(other_teacher, "Period 5", students=[other_student])
    other = signed_in(app, other_teacher)
    mine = started(room)
    theirs = open_session(other, other_class.id, "myth-check")
    their_student = signed_in(app, other_student)
    join(their_student, theirs.join_code)
    press(other, theirs.id, "start")
    answer(room["students"][0], mine.id)
    assert room["teacher"].client.get(f"/live/{theirs.id}/projector").status_code == 404
    assert other.client.get(f"/live/{mine.id}/projector").status_code == 404
    assert (
        other.post(f"/live/{mine.id}/control", {"action": "end", "version": 1}).status_code == 404
    )
    assert their_student.client.get(f"/live/{mine.id}").status_code == 404
    assert "0</span> answered" in text(other.client.get(f"/live/{theirs.id}/counts"))
    assert "1</span> answered" in text(room["teacher"].client.get(f"/live/{mine.id}/counts"))
    db.session.refresh(theirs)
    assert theirs.position == 1


def test_results_per_question_and_myth_for_the_teacher_and_admins(room, app):
    session = started(room)
    answer(room["students"][0], session.id)
    press(room["teacher"], session.id, "end")
    page = text(room["teacher"].client.get(f"/live/{session.id}/results"))
    assert "Per question" in page and "Per myth" in page
    admin = signed_in(app, make_user("admin"))
    assert admin.client.get(f"/live/{session.id}/results").status_code == 200
    assert admin.client.get(f"/live/{session.id}/projector").status_code == 404
    class_page = text(room["teacher"].client.get(f"/teach/classes/{room['classroom'].id}"))
    assert f'href="/live/{session.id}/results"' in class_page


def test_results_show_no_score_for_a_question_nobody_answered(room):
    """The class ended after the first question: the others have no answers, which
    is not a score of 0%."""
    session = started(room)
    answer(room["students"][0], session.id)
    press(room["teacher"], session.id, "end")
    page = text(room["teacher"].client.get(f"/live/{session.id}/results"))
    rows = re.findall(r"<tr><td>(\d+)</td>.*?</tr>", page)
    first, second = (re.search(rf"<tr><td>{n}</td>.*?</tr>", page).group(0) for n in (1, 2))
    assert len(rows) == session.total
    assert re.search(r"<td>(0|100)%</td>", first)
    assert "No answers yet" in second and "%</td>" not in second


def test_the_class_myths_need_a_class_that_holds_some(room):
    response = room["teacher"].post(
        f"/teach/classes/{room['classroom'].id}/live/new", {"source": "class-myths", "timer": 0}
    )
    assert response.status_code == 422 and "No one in this class holds a myth" in text(response)
    assert db.session.execute(db.select(db.func.count(LiveSession.id))).scalar() == 0


def test_the_class_myths_ask_about_the_myths_held(room):
    session = open_session(room["teacher"], room["classroom"].id, "myth-check")
    join(room["students"][0], session.join_code)
    press(room["teacher"], session.id, "start")
    answer(room["students"][0], session.id, choice_index=0)
    held = db.session.execute(
        db.select(db.func.count()).where(
            MythBelief.user_id == room["users"][0].id, MythBelief.state.in_(("firm", "loose"))
        )
    ).scalar()
    response = room["teacher"].post(
        f"/teach/classes/{room['classroom'].id}/live/new", {"source": "class-myths", "timer": 0}
    )
    assert response.status_code == (303 if held else 422)


def test_nicknames_and_the_class_goal_show_only_when_turned_on(room):
    session = started(room, nicknames="y", class_goal="y")
    plain = open_session(room["teacher"], room["classroom"].id, first_lesson_quiz())
    nickname_field = text(room["students"][0].client.get(f"/live/join/{plain.join_code}"))
    assert 'name="nickname"' not in nickname_field
    press(room["teacher"], session.id, "reveal")
    page = text(room["teacher"].client.get(f"/live/{session.id}/projector"))
    assert "busted today" in page
    quiet = started(room)
    press(room["teacher"], quiet.id, "reveal")
    page = text(room["teacher"].client.get(f"/live/{quiet.id}/projector"))
    assert "busted today" not in page and "Nicknames" not in page


def test_a_nickname_is_what_the_board_shows(room, app):
    session = open_session(
        room["teacher"], room["classroom"].id, first_lesson_quiz(), nicknames="y"
    )
    assert 'name="nickname"' in text(
        room["students"][0].client.get(f"/live/join/{session.join_code}")
    )
    join(room["students"][0], session.join_code, nickname="Blue Heron")
    join(room["students"][1], session.join_code)
    press(room["teacher"], session.id, "start")
    press(room["teacher"], session.id, "reveal")
    page = text(room["teacher"].client.get(f"/live/{session.id}/projector"))
    assert "Blue Heron" in page
    assert room["users"][0].username not in page and room["users"][1].username not in page
    nicknames = db.session.execute(db.select(LiveParticipant.nickname)).scalars().all()
    assert sorted(n or "" for n in nicknames) == ["", "Blue Heron"]


def test_a_timer_closes_the_question(room, clock):
    session = started(room, timer=20)
    student = room["students"][0]
    page = text(student.client.get(f"/live/{session.id}"))
    assert "20 seconds left" in page
    choice = int(page.split('name="choice"')[1].split('value="')[1].split('"')[0])
    clock.travel(seconds=21)
    assert "Time is up" in text(student.client.get(f"/live/{session.id}"))
    late = student.post(
        f"/live/{session.id}/answer",
        {"question_id": session.question_ids[0], "choice": choice, "certainty": 2},
    )
    assert late.status_code == 409
    assert db.session.execute(db.select(db.func.count(Answer.id))).scalar() == 0


def test_the_demo_teacher_runs_a_session_on_the_myths_the_demo_class_holds(demo, app):
    """From `make run`: demo-teacher opens the demo class's myths; demo-student-2 joins."""
    classroom = db.session.execute(db.select(Classroom).filter_by(name=CLASS_NAME)).scalar_one()
    teacher = signed_in(app, demo_user("demo-teacher"), DEMO_PASSWORD)
    session = open_session(teacher, classroom.id, "class-myths")
    assert session.total >= 1
    student_user = demo_user("demo-student-2")
    student = signed_in(app, student_user, DEMO_PASSWORD)
    assert join(student, session.join_code).status_code == 303
    press(teacher, session.id, "start")
    response, _question, _choices = answer(student, session.id)
    assert response.status_code == 303
    attempt_id = service.participant(session.id, student_user.id).attempt_id
    stored = db.session.execute(db.select(Answer).filter_by(attempt_id=attempt_id)).scalar_one()
    assert stored.question_id == _question


def demo_user(username: str) -> User:
    return db.session.execute(db.select(User).filter_by(username=username)).scalar_one()


def test_an_unknown_choice_of_questions_says_so_and_opens_nothing(room):
    response = room["teacher"].post(
        f"/teach/classes/{room['classroom'].id}/live/new", {"source": "no-such-quiz", "timer": 0}
    )
    assert response.status_code == 422 and "Choose the questions." in text(response)
    assert db.session.execute(db.select(db.func.count(LiveSession.id))).scalar() == 0


def test_a_lesson_quiz_answered_right_live_counts_toward_mastery(room, app):
    session = open_session(room["teacher"], room["classroom"].id, first_lesson_quiz())
    student = room["students"][0]
    join(student, session.join_code)
    press(room["teacher"], session.id, "start")
    for question_id in session.question_ids:
        right = db.session.execute(
            db.select(Choice.id).filter_by(question_id=question_id, is_correct=True)
        ).scalar_one()
        sent = student.post(
            f"/live/{session.id}/answer",
            {"question_id": question_id, "choice": right, "certainty": 3},
        )
        assert sent.status_code == 303
        press(room["teacher"], session.id, "reveal")
        press(room["teacher"], session.id, "next")
    mastery = learner.lesson_mastery(room["users"][0].id, app.config["MASTERY_GOAL"])
    assert mastery[first_lesson_quiz()].mastered
