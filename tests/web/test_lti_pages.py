"""The admin's LTI page, the LTI commands, the class page's LMS parts, the Google
Classroom share link and the printable class summary."""

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

from quizapp import clock
from quizapp.content.ids import PRE_QUIZ
from quizapp.extensions import db
from quizapp.lti import grades, keys
from quizapp.lti.forms import PlatformForm
from quizapp.lti.models import LtiGradeOutbox, LtiHandoff, LtiKey, LtiPlatform, LtiStoreEntry
from quizapp.models import Assignment
from tests.conftest import make_class, make_user

from .helpers import submit_form_on, submit_rendered_form
from .lti_helpers import INSTRUCTOR, LEARNER, launch
from .test_lti_launch import first_lesson_quiz, follow, land
from .test_lti_services import student_takes_myth_check, teacher_in_course

PLATFORM = {
    "name": "District Canvas",
    "issuer": "https://canvas.instructure.com",
    "client_id": "10000000000001",
    "deployment_ids": "1:abc\n2:def",
    "login_url": "https://sso.canvaslms.com/api/lti/authorize_redirect",
    "token_url": "https://sso.canvaslms.com/login/oauth2/token",
    "key_set_url": "https://sso.canvaslms.com/api/lti/security/jwks",
}


def platforms() -> list[LtiPlatform]:
    return list(db.session.execute(db.select(LtiPlatform)).scalars())


def test_an_admin_registers_a_platform_through_the_page(client, auth):
    auth.login(make_user("admin"))
    page = client.get("/admin/lti").get_data(as_text=True)
    assert "/.well-known/jwks.json" in page and "/lti/login" in page and "/lti/launch" in page
    response = submit_rendered_form(client, "/admin/lti", "", PLATFORM)
    assert response.status_code == 303
    [platform] = platforms()
    assert platform.deployment_ids == ["1:abc", "2:def"]
    assert platform.issuer == PLATFORM["issuer"] and platform.client_id == PLATFORM["client_id"]
    assert "District Canvas" in land(client, response.location).get_data(as_text=True)


def test_the_admin_nav_links_the_lti_page(client, auth):
    auth.login(make_user("admin"))
    assert 'href="/admin/lti"' in client.get("/admin/").get_data(as_text=True)


def test_a_platform_with_bad_addresses_is_refused_and_nothing_is_saved(client, auth):
    auth.login(make_user("admin"))
    bad = {**PLATFORM, "login_url": "javascript:alert(1)", "deployment_ids": " , "}
    response = submit_rendered_form(client, "/admin/lti", "", bad)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Enter a full web address starting with https://." in page
    assert "Enter at least one deployment ID" in page
    assert page.index("Nothing was saved. Fix the fields marked below.") < page.index("<h1>")
    assert platforms() == []


def test_the_same_issuer_and_client_id_cannot_be_registered_twice(client, auth):
    auth.login(make_user("admin"))
    submit_rendered_form(client, "/admin/lti", "", PLATFORM)
    again = submit_rendered_form(client, "/admin/lti", "", {**PLATFORM, "name": "Again"})
    assert again.status_code == 422
    assert "already registered" in again.get_data(as_text=True)
    assert len(platforms()) == 1


def test_a_registered_platform_is_corrected_through_its_edit_page(client, auth):
    auth.login(make_user("admin"))
    submit_rendered_form(client, "/admin/lti", "", PLATFORM)
    [platform] = platforms()
    edit = f"/admin/lti/{platform.id}"
    assert f'href="{edit}"' in client.get("/admin/lti").get_data(as_text=True)
    fixed = "https://sso.canvaslms.com/login/oauth2/token2"
    response = submit_rendered_form(client, edit, "", {"token_url": fixed})
    assert response.status_code == 303
    db.session.expire_all()
    [platform] = platforms()
    assert platform.token_url == fixed and platform.deployment_ids == ["1:abc", "2:def"]
    assert "Platform saved." in land(client, response.location).get_data(as_text=True)


def test_a_correction_that_would_copy_another_registration_saves_nothing(client, auth):
    auth.login(make_user("admin"))
    submit_rendered_form(client, "/admin/lti", "", PLATFORM)
    submit_rendered_form(client, "/admin/lti", "", {**PLATFORM, "client_id": "2", "name": "B"})
    other = next(platform for platform in platforms() if platform.name == "B")
    response = submit_rendered_form(
        client, f"/admin/lti/{other.id}", "", {"client_id": PLATFORM["client_id"]}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "already registered" in page and "Nothing was saved." in page
    db.session.expire_all()
    assert db.session.get(LtiPlatform, other.id).client_id == "2"


def test_two_registrations_racing_for_one_issuer_and_client_id_store_one(client, auth, monkeypatch):
    auth.login(make_user("admin"))
    submit_rendered_form(client, "/admin/lti", "", PLATFORM)
    monkeypatch.setattr(PlatformForm, "validate_client_id", lambda form, field: None)
    response = submit_rendered_form(client, "/admin/lti", "", {**PLATFORM, "name": "Twice"})
    assert response.status_code == 422
    assert "already registered" in response.get_data(as_text=True)
    assert [platform.name for platform in platforms()] == [PLATFORM["name"]]


def test_production_accepts_only_https_addresses(app, client, auth):
    auth.login(make_user("admin"))
    app.config["IS_PRODUCTION"] = True
    plain = {**PLATFORM, "token_url": "http://sso.canvaslms.com/login/oauth2/token"}
    assert submit_rendered_form(client, "/admin/lti", "", plain).status_code == 422
    assert platforms() == []


def test_rotating_keys_keeps_the_old_key_published_until_its_tokens_expire(
    app, client, monkeypatch
):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["lti-keys", "rotate"])
    assert first.exit_code == 0 and "New signing key" in first.output
    old = keys.signing_key().kid
    runner.invoke(args=["lti-keys", "rotate"])
    published = [key["kid"] for key in client.get("/.well-known/jwks.json").get_json()["keys"]]
    assert old in published and len(published) == 2
    assert keys.signing_key().kid != old
    later = clock.now() + keys.RETIRED_KEY_KEPT + timedelta(minutes=1)
    monkeypatch.setattr(clock, "now", lambda: later)
    runner.invoke(args=["lti-keys", "rotate"])
    kids = set(db.session.execute(db.select(LtiKey.kid)).scalars())
    assert old not in kids and len(kids) == 2


def test_an_admin_makes_the_first_signing_key_by_pressing_its_button(client, auth):
    auth.login(make_user("admin"))
    assert "MythCheck has no signing key yet" in client.get("/admin/lti").get_data(as_text=True)
    response = submit_rendered_form(client, "/admin/lti", "/admin/lti/key")
    assert response.status_code == 303
    [key] = keys.published_keys()
    page = land(client, response.location).get_data(as_text=True)
    assert "Signing key made." in page and key.kid in page
    assert [jwk["kid"] for jwk in client.get("/.well-known/jwks.json").get_json()["keys"]] == [
        key.kid
    ]


def test_replacing_the_signing_key_asks_first_and_keeps_the_old_one_published(client, auth):
    auth.login(make_user("admin"))
    old = keys.rotate()[0].kid
    question = submit_rendered_form(client, "/admin/lti", "/admin/lti/key")
    assert question.status_code == 200
    assert "signing key?</h1>" in question.get_data(as_text=True)
    assert keys.signing_key().kid == old

    response = submit_form_on(client, question, "/admin/lti", "/admin/lti/key")
    assert response.status_code == 303
    assert keys.signing_key().kid != old
    published = [jwk["kid"] for jwk in client.get("/.well-known/jwks.json").get_json()["keys"]]
    assert old in published and keys.signing_key().kid in published
    assert "New signing key made." in land(client, response.location).get_data(as_text=True)


def test_teachers_and_students_cannot_make_a_signing_key(client, auth):
    for role in ("teacher", "student"):
        auth.login(make_user(role))
        page = client.get("/account/").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
        response = client.post("/admin/lti/key", data={"csrf_token": token, "confirm": "yes"})
        assert response.status_code == 403
        auth.logout()
    assert keys.published_keys() == []


def test_a_login_before_any_key_exists_says_what_to_do(client, lms):
    db.session.execute(db.delete(LtiKey))
    db.session.commit()
    response = client.get(
        f"/lti/login?iss={lms.issuer}&login_hint=x&target_link_uri=x&client_id=mythcheck-client"
    )
    assert response.status_code == 503
    assert "no LTI key yet" in response.get_data(as_text=True)


def test_send_grades_command_sends_what_is_due(app, client, lms):
    teacher_in_course(client, lms)
    student_takes_myth_check(app, lms)
    result = app.test_cli_runner().invoke(args=["lti-send-grades", "--every", "1", "--rounds", "2"])
    assert result.exit_code == 0, result.output
    assert "Sent 1 score(s)" in result.output and "Sent 0 score(s)" in result.output
    assert len(lms.state.scores) == 1
    assert db.session.execute(db.select(LtiGradeOutbox.sent_at)).scalar() is not None


def test_the_class_page_grade_setting_is_saved_through_its_form(client, lms):
    course = teacher_in_course(client, lms)
    path = f"/teach/classes/{course.classroom_id}"
    response = submit_rendered_form(client, path, "/lms/grades", {"certainty_as": "line_item"})
    assert response.status_code == 303
    assert db.session.get(type(course), course.id).certainty_as == "line_item"
    page = client.get(path).get_data(as_text=True)
    assert re.search(r'<input checked[^>]*value="line_item"', page)


def test_the_class_page_roster_button_syncs(client, lms):
    course = teacher_in_course(client, lms)
    lms.state.members = [{"user_id": "student-9", "roles": [LEARNER], "name": "Cy"}]
    path = f"/teach/classes/{course.classroom_id}"
    response = submit_rendered_form(client, path, "/lms/roster")
    assert "Roster synced: 1 added" in land(client, response.location).get_data(as_text=True)


def test_a_class_without_an_lms_course_shows_no_lms_section(client, auth):
    teacher = make_user("teacher")
    classroom = make_class(teacher)
    auth.login(teacher)
    page = client.get(f"/teach/classes/{classroom.id}").get_data(as_text=True)
    assert "LMS course" not in page


def test_every_assignment_has_a_google_classroom_share_link(client, auth):
    teacher = make_user("teacher")
    classroom = make_class(teacher)
    quiz = first_lesson_quiz()
    db.session.add(Assignment(classroom_id=classroom.id, quiz_id=quiz.id))
    db.session.add(Assignment(classroom_id=classroom.id, quiz_id=PRE_QUIZ))
    db.session.commit()
    auth.login(teacher)
    page = client.get(f"/teach/classes/{classroom.id}").get_data(as_text=True)
    links = [
        part.split('"')[0].replace("&amp;", "&")
        for part in page.split('href="')[1:]
        if part.startswith("https://classroom.google.com/share?")
    ]
    assert len(links) == 2
    shared = [parse_qs(urlsplit(link).query)["url"][0] for link in links]
    assert f"/lessons/{quiz.lesson_id}" in shared[0] or f"/lessons/{quiz.lesson_id}" in shared[1]
    assert any(url.endswith("/myth-check") for url in shared)


def test_the_printable_summary_is_linked_from_the_class_page(client, auth):
    teacher = make_user("teacher")
    student = make_user("student")
    classroom = make_class(teacher, "Period 2", students=[student])
    db.session.add(Assignment(classroom_id=classroom.id, quiz_id=PRE_QUIZ))
    db.session.commit()
    auth.login(teacher)
    page = client.get(f"/teach/classes/{classroom.id}").get_data(as_text=True)
    summary_path = f"/teach/classes/{classroom.id}/summary"
    assert f'href="{summary_path}"' in page
    summary = client.get(summary_path)
    text = summary.get_data(as_text=True)
    assert summary.status_code == 200
    assert "Class summary: Period 2" in text and "0 / 1" in text
    assert "css/print.css" in text
    css = client.get("/static/css/print.css").get_data(as_text=True)
    assert "@media print" in css and ".site-header" in css


def test_scores_the_lms_keeps_refusing_name_the_student_and_quiz(client, lms, app):
    course = teacher_in_course(client, lms)
    student_takes_myth_check(app, lms)
    lms.state.refuse_scores = 10
    row = db.session.execute(db.select(LtiGradeOutbox)).scalar_one()
    row.tries = grades.FAILURES_SHOWN
    row.last_error = "There was an error making a service request."
    db.session.commit()
    page = client.get(f"/teach/classes/{course.classroom_id}").get_data(as_text=True)
    assert "3 tries" in page and "making a service request" in page


def test_a_teacher_launch_lands_on_the_class_page(client, lms):
    arrived = follow(client, launch(client, lms, "teacher-1", [INSTRUCTOR]))
    assert "LMS course" in land(client, arrived.location).get_data(as_text=True)


def test_send_grades_drops_expired_launch_values_and_tickets(app, client, lms, monkeypatch):
    launch(client, lms, "student-1", [LEARNER])
    later = clock.now() + timedelta(hours=3)
    monkeypatch.setattr(clock, "now", lambda: later)
    app.test_cli_runner().invoke(args=["lti-send-grades"])
    assert db.session.execute(db.select(LtiHandoff)).first() is None
    assert db.session.execute(db.select(LtiStoreEntry)).first() is None
