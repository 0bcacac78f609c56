"""From the school's LMS: a course page of a real LTI 1.3 platform (lti1p3platform,
tests/e2e/lms_server.py) launches MythCheck, framed and in the whole window; the
student answers the myth check and the grade arrives in the platform's gradebook."""

import pytest

from quizapp.content.ids import PRE_QUIZ
from quizapp.extensions import db
from quizapp.lti import grades, keys, registry
from quizapp.lti.forms import deployment_list
from quizapp.lti.models import LtiPlatform

from .axe import audit
from .flows import take_quiz
from .lms_server import INSTRUCTOR, LEARNER, SchoolLms, course_page_url, lms_port


@pytest.fixture(scope="module")
def lms(live_server):
    lms = SchoolLms(live_server.url, port=lms_port(browser_tests=True)).start()
    with live_server.app.app_context():
        if not keys.published_keys():
            keys.rotate()
        values = lms.registration_values()
        db.session.execute(db.delete(LtiPlatform).filter_by(issuer=lms.issuer))
        registry.register({**values, "deployment_ids": deployment_list(values["deployment_ids"])})
    yield lms
    lms.stop()


def launch_in_new_tab(page) -> None:
    """From the LMS's course page, open MythCheck outside the frame and continue."""
    page.get_by_role("link", name="Open MythCheck").click()
    page.get_by_role("button", name="Continue to MythCheck").wait_for()
    audit(page, "LMS launch form")
    page.get_by_role("button", name="Continue to MythCheck").click()


def test_the_lms_launches_a_student_whose_score_reaches_its_gradebook(page, live_server, lms):
    page.goto(course_page_url(lms, "student-e2e", [LEARNER], name="Dana", activity=PRE_QUIZ))
    audit(page, "LMS course page")
    framed = page.frame_locator("iframe[name=tool]")
    framed.get_by_role("button", name="Start the myth check").wait_for()

    launch_in_new_tab(page)
    page.get_by_role("button", name="Start the myth check").wait_for()
    audit(page, "myth check, launched")
    page.get_by_role("button", name="Start the myth check").click()
    page.get_by_text("Question 1 of").wait_for()
    take_quiz(page, live_server)

    with live_server.app.app_context():
        assert grades.send_due() == (1, 0)
    [score] = lms.state.scores
    assert score["userId"] == "student-e2e"
    assert score["scoreGiven"] == 100 and score["scoreMaximum"] == 100
    assert score["lineitem"] == f"item-{PRE_QUIZ}"


def test_a_teacher_deep_links_a_lesson_from_the_lms(page, live_server, lms):
    page.goto(course_page_url(lms, "teacher-e2e", [INSTRUCTOR], deep_link=True))
    audit(page, "LMS course page")
    launch_in_new_tab(page)
    page.get_by_role("heading", name="Add MythCheck to your course").wait_for()
    audit(page, "deep linking choice")
    page.get_by_role("button", name="Add to the course").click()
    page.get_by_text("Choose what the link should open.").wait_for()
    audit(page, "deep linking, nothing chosen")
    lesson = page.locator("label.choice").first
    title = lesson.inner_text().strip()
    lesson.click()
    page.get_by_role("button", name="Add to the course").click()
    page.get_by_role("button", name="Send to the course").wait_for()
    audit(page, "deep linking, back to the LMS")
    page.get_by_role("button", name="Send to the course").click()
    page.get_by_role("heading", name=f"Added: {title}").wait_for()
    audit(page, "LMS after deep linking")
    [item] = lms.state.deep_link_items
    assert item["type"] == "ltiResourceLink" and item["title"] == title
