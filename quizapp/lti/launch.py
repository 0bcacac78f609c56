"""After the checks: who launched, into which class, to what, and what is owed back."""

import secrets

from flask import flash, url_for
from flask_babel import gettext as _
from pylti1p3.contrib.flask import FlaskOIDCLogin, FlaskRequest

from ..content.ids import MYTH_PROBE_QUIZ, PRE_QUIZ
from ..extensions import db
from ..models import Classroom, Quiz, User
from ..templating import public_url
from . import handoff, people
from .models import LtiCourse, LtiGradeLink, LtiPlatform
from .registry import DatabaseToolConf, find_platform, frame_origins
from .storage import DatabaseStorage, OneTimeNonces
from .validation import LaunchRefused, ToolLaunch

CLAIM = people.CLAIM
AGS_ENDPOINT = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
DEEP_LINKING = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
# What a link points at, in its custom parameters (set by deep linking).
ACTIVITY_PARAM = "mythcheck_activity"
DEEP_LINK_SECONDS = 1800


def activity_url(activity: str) -> str:
    """The page of a linked activity: a lesson (by its quiz id), the myth check, a review."""
    if activity == MYTH_PROBE_QUIZ:
        return url_for("learn.spaced_review")
    quiz = db.session.get(Quiz, activity) if activity else None
    if quiz is None or quiz.id == PRE_QUIZ or quiz.lesson_id is None:
        return url_for("learn.myth_check")
    return url_for("learn.lesson", lesson_id=quiz.lesson_id)


def _owe_grades_to(body: dict, user, platform, course: LtiCourse | None, activity: str) -> None:
    """Remember the line item this learner's score for the activity goes to."""
    service = body.get(AGS_ENDPOINT) or {}
    if user.role != "student" or SCORE_SCOPE not in service.get("scope", []):
        return
    if db.session.get(Quiz, activity) is None:
        return
    link = db.session.execute(
        db.select(LtiGradeLink).filter_by(user_id=user.id, quiz_id=activity)
    ).scalar_one_or_none()
    if link is None:
        link = LtiGradeLink(user_id=user.id, quiz_id=activity)
        db.session.add(link)
    link.platform_id = platform.id
    link.course_id = course.id if course else None
    link.subject = body["sub"]
    link.resource_link_id = (body.get(CLAIM + "resource_link") or {}).get("id", "")
    link.service = service


def _remember_services(course: LtiCourse | None, body: dict) -> None:
    url = (body.get(NRPS) or {}).get("context_memberships_url")
    if course is not None and url:
        course.memberships_url = url


def _target(body: dict, user, role: str, platform, course: LtiCourse | None) -> str:
    if body.get(DEEP_LINKING):
        key = "deep-link-" + secrets.token_urlsafe(16)
        DatabaseStorage().set_value(key, _deep_link_data(body, user), DEEP_LINK_SECONDS)
        return url_for("lti.deep_link", key=key)
    activity = (body.get(CLAIM + "custom") or {}).get(ACTIVITY_PARAM, PRE_QUIZ)
    _owe_grades_to(body, user, platform, course, activity)
    if role == "teacher" and course is not None:
        return _teachers_page(user, course)
    return activity_url(activity)


def _teachers_page(user, course: LtiCourse) -> str:
    """The course's class page for its teacher; another teacher of the course (the class
    has one teacher in MythCheck) gets their own classes, told why."""
    classroom = db.session.get(Classroom, course.classroom_id)
    if classroom.teacher_id == user.id:
        return url_for("teach.classroom", classroom_id=classroom.id)
    teacher = db.session.get(User, classroom.teacher_id)
    flash(
        _(
            "This course's class in MythCheck is taught by %(name)s: they see its "
            "students and results. You can still add MythCheck links to the course.",
            name=teacher.username,
        ),
        "info",
    )
    return url_for("teach.dashboard")


def _deep_link_data(body: dict, user) -> dict:
    return {
        "user_id": user.id,
        "issuer": body["iss"],
        "client_id": body["aud"][0] if isinstance(body["aud"], list) else body["aud"],
        "deployment_id": body[CLAIM + "deployment_id"],
        "settings": body[DEEP_LINKING],
    }


def accept_launch():
    """Check the launch (LaunchRefused says why not), then map the person and course,
    commit, and return (user, handoff token, the origins that may frame us)."""
    launch = ToolLaunch().validate()
    body = launch.body()
    platform: LtiPlatform = find_platform(body["iss"], launch.get_client_id())
    role = people.role_from_claims(body.get(CLAIM + "roles", []))
    if body.get(DEEP_LINKING) and role != "teacher":
        raise LaunchRefused("message")
    user = people.account_for(platform, body["sub"], role, body.get("name"))
    context = body.get(CLAIM + "context") or {}
    deployment_id = body[CLAIM + "deployment_id"]
    course = people.class_for_course(platform, context, deployment_id, user, role)
    people.join_course(course, user, role)
    _remember_services(course, body)
    target = _target(body, user, role, platform, course)
    origins = frame_origins()
    token = handoff.issue(user, target, origins)
    db.session.commit()
    return user, token, origins


def start_login():
    """The OIDC login initiation: remember a nonce, set the state cookie, go to the platform."""
    request = FlaskRequest()
    login = FlaskOIDCLogin(request, DatabaseToolConf(), session_service=OneTimeNonces(request))
    return login.redirect(public_url("lti.launch"))
