"""The class Myths page with every myth held still fits a phone in a few screens:
the details (the certain-but-wrong list, each myth's bar, re-teach and retention)
open on demand, without JavaScript too."""

import uuid

import pytest

from quizapp import answers, attempts
from quizapp.content import PRE_QUIZ
from quizapp.extensions import db
from quizapp.models import Classroom, Membership, Myth, Quiz
from quizapp.scoring import CERTAIN
from quizapp.users.accounts import create_user, find_user

from .axe import audit
from .flows import PASSWORD, pick_choice, sign_in
from .screens import shot

PHONE_HEIGHT = 740
MOST_SCREENS = 3.5


def a_class_holding_every_myth(live_server, students: int = 3) -> int:
    """A class of demo-teacher whose students picked every myth, certain, on the myth check."""
    with live_server.app.app_context():
        teacher = find_user("demo-teacher")
        code = uuid.uuid4().hex[:8]
        classroom = Classroom(teacher_id=teacher.id, name="All myths held", join_code=code)
        db.session.add(classroom)
        db.session.flush()
        class_id = classroom.id
        for _ in range(students):
            user = create_user(f"h{uuid.uuid4().hex[:8]}", PASSWORD, "student")
            db.session.flush()
            db.session.add(Membership(classroom_id=class_id, user_id=user.id))
            db.session.commit()
            attempt = attempts.start_attempt(user.id, db.session.get(Quiz, PRE_QUIZ))
            for question_id in attempts.quiz_question_ids(PRE_QUIZ):
                choice = pick_choice(live_server, question_id, "myth")
                target = answers.answer_target(attempt.id, question_id)
                answers.record_answer(target, choice.id, CERTAIN)
            attempts.finish_attempt(attempt)
        db.session.commit()
        return class_id


def active_myths(live_server) -> int:
    with live_server.app.app_context():
        return db.session.execute(db.select(db.func.count()).where(Myth.active)).scalar()


def screens(page) -> float:
    return page.evaluate("document.scrollingElement.scrollHeight") / PHONE_HEIGHT


@pytest.mark.parametrize("java_script", [True, False])
def test_every_myth_held_fits_a_phone_in_a_few_screens(open_page, live_server, java_script):
    class_id = a_class_holding_every_myth(live_server)
    page = open_page(java_script_enabled=java_script)
    sign_in(page, live_server, "demo-teacher")
    page.goto(live_server(f"/teach/classes/{class_id}/myths"))
    audit(page, "class myths, every myth held")
    assert page.locator(".myth-list > li.myth-firm").count() == active_myths(live_server)
    shot(page, f"class-myths-all-held-{'js' if java_script else 'no-js'}")
    height = screens(page)
    print(f"class myths page, {active_myths(live_server)} myths held: {height:.2f} screens")
    assert height <= MOST_SCREENS, f"the class myths page is {height:.1f} phone screens"

    confident = page.locator("details.confident")
    confident.locator("summary").click()
    expect_open = confident.locator("li").first
    assert expect_open.is_visible()
    assert confident.locator("li").count() == 5
