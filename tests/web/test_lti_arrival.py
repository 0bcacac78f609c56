"""Who arrives first and roles that change in the LMS: a student who launches before
any teacher of the course did, a learner the LMS makes an instructor, a second
instructor of the course, and a teacher the LMS launches as a learner."""

from quizapp.content.ids import PRE_QUIZ
from quizapp.extensions import db
from quizapp.lti.models import LtiAccount, LtiCourse, LtiGradeLink
from quizapp.models import Classroom, Membership, User

from .helpers import submit_form_on, submit_rendered_form
from .lti_helpers import INSTRUCTOR, LEARNER, launch
from .test_lti_launch import first_lesson_quiz, follow, land


def account(subject: str) -> User:
    return db.session.execute(
        db.select(User).join(LtiAccount).filter(LtiAccount.subject == subject)
    ).scalar_one()


def the_course() -> LtiCourse:
    return db.session.execute(db.select(LtiCourse)).scalar_one()


def is_member(classroom_id: int, user: User) -> bool:
    return db.session.get(Membership, (classroom_id, user.id)) is not None


def test_a_student_before_the_teacher_lands_on_the_lesson_and_joins_the_class_later(
    client, lms, app
):
    quiz = first_lesson_quiz()
    arrived = follow(client, launch(client, lms, "student-1", [LEARNER], activity=quiz.id))
    assert arrived.location.endswith(f"/lessons/{quiz.lesson_id}")
    assert the_course().classroom_id is None
    assert db.session.execute(db.select(Classroom)).first() is None

    teacher = app.test_client()
    follow(teacher, launch(teacher, lms, "teacher-1", [INSTRUCTOR]))
    course = the_course()
    student = account("student-1")
    assert is_member(course.classroom_id, student)
    link = db.session.execute(db.select(LtiGradeLink).filter_by(user_id=student.id)).scalar_one()
    assert link.course_id == course.id
    roster = teacher.get(f"/teach/classes/{course.classroom_id}/students").get_data(as_text=True)
    assert student.username in roster


def test_a_learner_the_lms_makes_an_instructor_becomes_a_teacher_who_can_add_links(
    client, lms, app
):
    follow(client, launch(client, lms, "person-1", [LEARNER], activity=PRE_QUIZ))
    assert account("person-1").role == "student"
    promoted = app.test_client()
    arrived = follow(promoted, launch(promoted, lms, "person-1", [INSTRUCTOR], deep_link=True))
    assert account("person-1").role == "teacher"
    page = land(promoted, arrived.location)
    assert page.status_code == 200
    assert "Add MythCheck to your course" in page.get_data(as_text=True)


def test_a_second_instructor_is_told_who_teaches_the_class_and_leaves_it_as_a_student(
    client, lms, app
):
    follow(client, launch(client, lms, "teacher-1", [INSTRUCTOR], name="Ms Rivera"))
    classroom_id = the_course().classroom_id
    assistant = app.test_client()
    follow(assistant, launch(assistant, lms, "person-2", [LEARNER]))
    assert is_member(classroom_id, account("person-2"))

    arrived = follow(assistant, launch(assistant, lms, "person-2", [INSTRUCTOR]))
    assert arrived.location.endswith("/teach/")
    page = land(assistant, arrived.location).get_data(as_text=True)
    owner = db.session.get(User, db.session.get(Classroom, classroom_id).teacher_id)
    assert "taught by" in page and owner.username in page
    assert not is_member(classroom_id, account("person-2"))


def test_a_teacher_the_lms_launches_as_a_learner_stays_a_teacher_and_opens_the_link(
    client, lms, app
):
    follow(client, launch(client, lms, "teacher-1", [INSTRUCTOR]))
    classroom_id = the_course().classroom_id
    quiz = first_lesson_quiz()
    again = app.test_client()
    arrived = follow(again, launch(again, lms, "teacher-1", [LEARNER], activity=quiz.id))
    assert arrived.location.endswith(f"/lessons/{quiz.lesson_id}")
    teacher = account("teacher-1")
    assert teacher.role == "teacher" and not is_member(classroom_id, teacher)
    assert db.session.get(Classroom, classroom_id).teacher_id == teacher.id
    assert db.session.execute(db.select(LtiGradeLink)).first() is None


def test_removing_a_student_of_an_lms_class_says_the_next_launch_brings_them_back(client, lms, app):
    follow(client, launch(client, lms, "teacher-1", [INSTRUCTOR]))
    classroom_id = the_course().classroom_id
    student = app.test_client()
    follow(student, launch(student, lms, "student-1", [LEARNER]))
    student_id = account("student-1").id
    roster = f"/teach/classes/{classroom_id}/students"
    question = submit_rendered_form(client, roster, f"/students/{student_id}/remove")
    assert "the next time they open MythCheck from the course" in question.get_data(as_text=True)
    submit_form_on(client, question, roster, f"/students/{student_id}/remove")
    assert not is_member(classroom_id, account("student-1"))
    follow(student, launch(student, lms, "student-1", [LEARNER]))
    assert is_member(classroom_id, account("student-1"))
