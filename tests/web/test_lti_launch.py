"""Launches from a real LTI 1.3 platform (lti1p3platform as the LMS): the person and
course become an account and a class, the launch opens the linked activity, and
every check of the launch refuses a launch that fails it."""

import time
from datetime import timedelta

import pytest
from jwcrypto.jwk import JWK

from quizapp import clock
from quizapp.content.ids import PRE_QUIZ, QuizKind
from quizapp.extensions import db
from quizapp.lti.models import LtiAccount, LtiCourse
from quizapp.models import Membership, Quiz, User
from quizapp.users.accounts import authenticate
from tests.conftest import Auth
from tests.e2e.lms_server import CLIENT_ID

from .helpers import answer_all, finish, start
from .lti_helpers import (
    INSTRUCTOR,
    LEARNER,
    authorize,
    launch,
    post_launch,
    resign,
    stranger_key,
)


def first_lesson_quiz() -> Quiz:
    return (
        db.session.execute(db.select(Quiz).filter_by(kind=QuizKind.LESSON).order_by(Quiz.position))
        .scalars()
        .first()
    )


def follow(client, response):
    """Through the handoff to the page the launch opens."""
    assert response.status_code == 303, response.get_data(as_text=True)
    arrived = client.get(response.location)
    assert arrived.status_code == 302, arrived.get_data(as_text=True)
    return arrived


def land(client, url: str):
    """Follow redirects inside the app to the page that stays."""
    response = client.get(url)
    while response.status_code in (302, 303):
        response = client.get(response.location)
    return response


def accounts() -> int:
    return db.session.execute(db.select(db.func.count(LtiAccount.id))).scalar()


def test_a_learner_launch_opens_the_linked_lesson_signed_in(client, lms):
    quiz = first_lesson_quiz()
    arrived = follow(client, launch(client, lms, "student-1", [LEARNER], activity=quiz.id))
    assert arrived.location.endswith(f"/lessons/{quiz.lesson_id}")
    page = land(client, arrived.location)
    assert page.status_code == 200
    assert "Log out" in page.get_data(as_text=True)
    user = db.session.execute(db.select(User).join(LtiAccount)).scalar_one()
    assert user.role == "student"


def test_a_new_learner_launched_into_a_lesson_is_led_to_it_after_the_myth_check(client, lms):
    quiz = first_lesson_quiz()
    arrived = follow(client, launch(client, lms, "student-1", [LEARNER], activity=quiz.id))
    page = land(client, arrived.location).get_data(as_text=True)
    assert "Take the short myth check first" in page and quiz.lesson.title in page
    auth = Auth(client)
    attempt_id = start(auth, PRE_QUIZ)
    answer_all(auth, attempt_id)
    result = finish(auth, attempt_id).get_data(as_text=True)
    assert f'href="/lessons/{quiz.lesson_id}"' in result
    lesson_page = client.get(f"/lessons/{quiz.lesson_id}")
    assert lesson_page.status_code == 200
    assert "Take the quiz" in lesson_page.get_data(as_text=True)


def test_one_account_per_issuer_and_subject_with_the_role_of_the_claims(client, lms, app):
    follow(client, launch(client, lms, "teacher-1", [INSTRUCTOR], name="Ms Rivera"))
    for _again in range(2):
        other = app.test_client()
        follow(other, launch(other, lms, "student-1", [LEARNER]))
    people = dict(db.session.execute(db.select(LtiAccount.subject, User.role).join(User)).all())
    assert people == {"teacher-1": "teacher", "student-1": "student"}
    teacher = db.session.execute(
        db.select(User).join(LtiAccount).filter(LtiAccount.subject == "teacher-1")
    ).scalar_one()
    assert teacher.username.startswith("lms-ms-rivera-")


def test_the_course_is_one_class_taught_by_the_launching_teacher(client, lms, app):
    arrived = follow(client, launch(client, lms, "teacher-1", [INSTRUCTOR]))
    course = db.session.execute(db.select(LtiCourse)).scalar_one()
    assert arrived.location.endswith(f"/teach/classes/{course.classroom_id}")
    follow(client, launch(client, lms, "teacher-1", [INSTRUCTOR]))
    other = app.test_client()
    follow(other, launch(other, lms, "student-1", [LEARNER]))
    assert db.session.execute(db.select(db.func.count(LtiCourse.id))).scalar() == 1
    student_id = db.session.execute(
        db.select(LtiAccount.user_id).filter_by(subject="student-1")
    ).scalar()
    assert db.session.get(Membership, (course.classroom_id, student_id)) is not None


def test_launched_pages_may_be_framed_by_the_registered_platform_only(client, lms):
    arrived = follow(client, launch(client, lms, "student-1", [LEARNER]))
    framed = land(client, arrived.location)
    policy = framed.headers["Content-Security-Policy"]
    assert f"frame-ancestors {lms.issuer}" in policy
    assert "X-Frame-Options" not in framed.headers
    elsewhere = client.application.test_client().get("/help")
    assert "frame-ancestors 'none'" in elsewhere.headers["Content-Security-Policy"]
    assert elsewhere.headers["X-Frame-Options"] == "DENY"


def test_blocked_cookies_offer_a_new_tab_with_a_one_time_ticket(client, lms, app):
    response = launch(client, lms, "student-1", [LEARNER], activity=first_lesson_quiz().id)
    cookieless = app.test_client()
    offer = cookieless.get(response.location)
    assert offer.status_code == 200
    page = offer.get_data(as_text=True)
    assert "Open in a new tab" in page
    ticket_url = page.split('id="open-in-tab" href="')[1].split('"')[0]
    opened = cookieless.get(ticket_url)
    assert opened.status_code == 302 and "/lessons/" in opened.location
    assert land(cookieless, opened.location).status_code == 200
    again = app.test_client().get(ticket_url)
    assert "This link has expired" in again.get_data(as_text=True)


def test_a_handoff_ticket_expires_after_two_minutes(client, lms, app, monkeypatch):
    response = launch(client, lms, "student-1", [LEARNER])
    later = clock.now() + timedelta(minutes=3)
    monkeypatch.setattr(clock, "now", lambda: later)
    page = app.test_client().get(response.location).get_data(as_text=True)
    assert "This link has expired" in page


def refused(response, words: str) -> None:
    assert response.status_code == 400, response.status_code
    assert words in response.get_data(as_text=True)
    assert "frame-ancestors http://127.0.0.1:" in response.headers["Content-Security-Policy"]
    assert accounts() == 0


def test_a_launch_without_the_state_cookie_of_this_browser_is_refused(client, lms, app):
    fields = authorize(client, lms, "student-1", [LEARNER])
    refused(post_launch(app.test_client(), fields), "did not start in this browser")


def test_a_launch_with_another_state_is_refused(client, lms):
    fields = authorize(client, lms, "student-1", [LEARNER])
    refused(
        post_launch(client, {**fields, "state": "state-forged"}), "did not start in this browser"
    )


def test_a_launch_signed_by_another_key_is_refused(client, lms):
    fields = authorize(client, lms, "student-1", [LEARNER])
    forged = resign(lms, fields["id_token"], {}, key_pem=stranger_key())
    refused(post_launch(client, {**fields, "id_token": forged}), "not signed by the registered LMS")


def test_a_launch_from_an_unregistered_issuer_is_refused(client, lms):
    fields = authorize(client, lms, "student-1", [LEARNER])
    forged = resign(lms, fields["id_token"], {"iss": "https://lms.example"})
    refused(post_launch(client, {**fields, "id_token": forged}), "not registered with MythCheck")


def test_a_launch_for_another_client_is_refused(client, lms):
    fields = authorize(client, lms, "student-1", [LEARNER])
    forged = resign(lms, fields["id_token"], {"aud": "another-tool", "azp": "another-tool"})
    refused(post_launch(client, {**fields, "id_token": forged}), "not registered with MythCheck")


@pytest.mark.parametrize(
    "changes",
    [
        {"aud": [CLIENT_ID, "another-tool"], "azp": None},
        {"aud": [CLIENT_ID, "another-tool"], "azp": "another-tool"},
        {"azp": "another-tool"},
    ],
)
def test_a_launch_whose_authorized_party_is_not_us_is_refused(client, lms, changes):
    fields = authorize(client, lms, "student-1", [LEARNER])
    forged = resign(lms, fields["id_token"], changes)
    refused(post_launch(client, {**fields, "id_token": forged}), "meant for another tool")


def test_a_launch_listing_us_among_audiences_with_us_as_party_is_accepted(client, lms):
    fields = authorize(client, lms, "student-1", [LEARNER])
    token = resign(lms, fields["id_token"], {"aud": [CLIENT_ID, "another-tool"], "azp": CLIENT_ID})
    assert post_launch(client, {**fields, "id_token": token}).status_code == 303


def test_an_expired_launch_is_refused(client, lms):
    fields = authorize(client, lms, "student-1", [LEARNER])
    past = int(time.time()) - 600
    forged = resign(lms, fields["id_token"], {"iat": past - 300, "exp": past})
    refused(post_launch(client, {**fields, "id_token": forged}), "The launch has expired")


def test_a_launch_without_an_expiry_is_refused(client, lms):
    fields = authorize(client, lms, "student-1", [LEARNER])
    forged = resign(lms, fields["id_token"], {"exp": None})
    refused(post_launch(client, {**fields, "id_token": forged}), "not signed by the registered LMS")


def test_a_replayed_launch_is_refused_its_nonce_is_used_once(client, lms):
    fields = authorize(client, lms, "student-1", [LEARNER])
    assert post_launch(client, fields).status_code == 303
    replay = post_launch(client, fields)
    assert replay.status_code == 400
    assert "already used or has expired" in replay.get_data(as_text=True)


def test_a_launch_with_a_nonce_we_never_issued_is_refused(client, lms):
    fields = authorize(client, lms, "student-1", [LEARNER])
    forged = resign(lms, fields["id_token"], {"nonce": "made-up"})
    refused(post_launch(client, {**fields, "id_token": forged}), "already used or has expired")


def test_a_launch_from_an_unregistered_deployment_is_refused(client, lms):
    fields = authorize(client, lms, "student-1", [LEARNER])
    claim = "https://purl.imsglobal.org/spec/lti/claim/deployment_id"
    forged = resign(lms, fields["id_token"], {claim: "deployment-unknown"})
    refused(post_launch(client, {**fields, "id_token": forged}), "installation of MythCheck")


def test_the_platforms_key_set_is_fetched_once_and_cached(client, lms, monkeypatch):
    import requests

    fetched = []
    real_get = requests.Session.get

    def counting_get(self, url, *args, **kwargs):
        fetched.append(url)
        return real_get(self, url, *args, **kwargs)

    monkeypatch.setattr(requests.Session, "get", counting_get)
    follow(client, launch(client, lms, "student-1", [LEARNER]))
    follow(client, launch(client, lms, "student-2", [LEARNER]))
    assert fetched.count(lms.url("/jwks")) == 1


def test_a_platform_that_rotated_its_key_is_fetched_again_not_refused(client, lms):
    follow(client, launch(client, lms, "student-1", [LEARNER]))
    old = (lms.private_pem, lms.public_pem)
    rotated = JWK.generate(kty="RSA", size=2048)
    lms.private_pem = rotated.export_to_pem(private_key=True, password=None).decode()
    lms.public_pem = rotated.export_to_pem().decode()
    try:
        arrived = follow(client, launch(client, lms, "student-2", [LEARNER]))
    finally:
        lms.private_pem, lms.public_pem = old
    assert arrived.location.endswith("/myth-check")


def test_a_login_from_an_unregistered_issuer_is_refused(client, lms):
    response = client.get("/lti/login?iss=https://lms.example&login_hint=x&target_link_uri=x")
    assert response.status_code == 400
    assert "not registered with MythCheck" in response.get_data(as_text=True)


def test_the_key_set_publishes_our_signing_key(client, lms):
    body = client.get("/.well-known/jwks.json").get_json()
    assert [key["kty"] for key in body["keys"]] == ["RSA"]
    assert "d" not in body["keys"][0]


def test_an_lms_account_cannot_sign_in_with_a_password(client, lms, auth):
    follow(client, launch(client, lms, "student-1", [LEARNER]))
    user = db.session.execute(db.select(User).join(LtiAccount)).scalar_one()
    for password in ("", "!signs-in-through-the-lms", "password"):
        assert authenticate(user.username, password) is None
