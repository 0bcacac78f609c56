"""In a real browser: a student sees the myths due for review and takes a review;
a teacher assigns a re-teach review quiz from the class myths page and the
student starts it from the home page. Every page is checked with axe."""

import re

import sqlalchemy as sa

from quizapp import answers, attempts
from quizapp.content import PRE_QUIZ
from quizapp.extensions import db
from quizapp.models import Classroom, Membership, MythBelief, Quiz
from quizapp.users.accounts import create_user, find_user
from tests.conftest import real_course

from .axe import audit
from .flows import PASSWORD, log_in, pick_choice, sign_in, take_quiz

LAPTOP = {"width": 1366, "height": 768}


def student_holding_myths(live_server, username: str, teacher: str) -> int:
    """A student in a new class of `teacher`, who picked every myth of the pre myth
    check, with the reviews already due (the server's clock cannot be moved)."""
    with live_server.app.app_context():
        student = create_user(username, PASSWORD, "student")
        classroom = Classroom(
            teacher_id=find_user(teacher).id, name=f"Class of {username}", join_code=username[-8:]
        )
        db.session.add(classroom)
        db.session.flush()
        db.session.add(Membership(classroom_id=classroom.id, user_id=student.id))
        db.session.commit()
        attempt = attempts.start_attempt(student.id, db.session.get(Quiz, PRE_QUIZ))
        for question_id in attempts.quiz_question_ids(PRE_QUIZ):
            choice = pick_choice(live_server, question_id, "myth")
            answers.record_answer(answers.answer_target(attempt.id, question_id), choice.id, 3)
        attempts.finish_attempt(attempt)
        db.session.execute(
            sa.update(MythBelief)
            .where(MythBelief.user_id == student.id)
            .values(review_due=sa.func.current_timestamp())
        )
        db.session.commit()
        return classroom.id


def test_student_reviews_due_myths_and_teacher_reteaches(open_page, live_server):
    classroom_id = student_holding_myths(live_server, "e2e-reviewer-1", "demo-teacher")
    student = open_page()
    log_in(student, live_server, "e2e-reviewer-1", PASSWORD)
    student.get_by_text(f"{len(real_course().myths)} myths to review today").wait_for()
    student.get_by_role("button", name="Review now").click()
    student.get_by_text("Question 1 of").wait_for()
    take_quiz(student, live_server)
    student.get_by_text(re.compile("to review today|Your next review is due")).wait_for()

    teacher = open_page(viewport=LAPTOP)
    sign_in(teacher, live_server, "demo-teacher")
    teacher.goto(live_server(f"/teach/classes/{classroom_id}/myths"))
    teacher.get_by_role("heading", name="Certain, but wrong").wait_for()
    audit(teacher, "class myths")
    teacher.get_by_role("heading", name="Re-teach the myths the class still holds").click()
    teacher.get_by_label("Myths held by at least this share of the class (%)").fill("100")
    teacher.get_by_role("button", name="Assign a review quiz").click()
    teacher.get_by_text("Assigned a review quiz on").wait_for()
    audit(teacher, "re-teach assigned")

    student.goto(live_server("/"))
    audit(student, "home with the assigned review")
    assigned = student.get_by_role("region", name="Assigned to you")
    assigned.get_by_role("heading", name="Review quiz: myths the class still holds").wait_for()
    assigned.get_by_role("button", name="Start").click()
    student.get_by_text("Question 1 of").wait_for()
    take_quiz(student, live_server)
