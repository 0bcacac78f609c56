"""The launching person and course, as MythCheck accounts and classes."""

import re
import secrets

from ..extensions import db
from ..models import Classroom, Membership, User
from ..teach.classes import new_code
from .models import LtiAccount, LtiCourse, LtiPlatform, LtiRosterEntry

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
TEACHING_ROLES = ("#Instructor", "#Administrator", "#ContentDeveloper", "#TeachingAssistant")


def role_from_claims(roles: list[str]) -> str:
    """Instructor (or another teaching role) -> teacher; Learner and anything else -> student."""
    teaches = any(role.endswith(TEACHING_ROLES) for role in roles)
    return "teacher" if teaches else "student"


# LMS accounts sign in through the LMS only: no password matches this hash (werkzeug
# refuses it), and making it costs no scrypt time inside the launch's transaction.
NO_PASSWORD = "!signs-in-through-the-lms"


def username_for(name: str | None) -> str:
    """`lms-` and the person's name as the LMS gives it (for the teacher's lists), made
    unique by a random tail."""
    slug = re.sub(r"[^a-z0-9]+", "-", (name or "").lower()).strip("-")[:20]
    return "-".join(part for part in ("lms", slug, secrets.token_hex(4)) if part)


def account_for(platform: LtiPlatform, subject: str, role: str, name: str | None = None) -> User:
    """The one account of (issuer, subject), made on the first launch with its role. A
    student the LMS now gives a teaching role becomes a teacher; a teacher stays one
    whatever a later launch says (they may teach other courses)."""
    link = db.session.execute(
        db.select(LtiAccount).filter_by(platform_id=platform.id, subject=subject)
    ).scalar_one_or_none()
    if link is not None:
        user = db.session.get(User, link.user_id)
        if role == "teacher" and user.role == "student":
            user.role = "teacher"
        return user
    user = User(username=username_for(name), role=role)
    user.set_password_hash(NO_PASSWORD)
    db.session.add(user)
    db.session.flush()
    db.session.add(LtiAccount(platform_id=platform.id, subject=subject, user_id=user.id))
    return user


def course_for(platform: LtiPlatform, context: dict) -> LtiCourse | None:
    if not context.get("id"):
        return None
    return db.session.execute(
        db.select(LtiCourse).filter_by(platform_id=platform.id, context_id=context["id"])
    ).scalar_one_or_none()


def class_for_course(
    platform: LtiPlatform, context: dict, deployment_id: str, user: User, role: str
) -> LtiCourse | None:
    """The launch's course, recorded by whoever launches first; its class is made by the
    first teacher's launch (taught by them), and takes in the students who came before."""
    if not context.get("id"):
        return None
    course = course_for(platform, context)
    if course is None:
        course = LtiCourse(
            platform_id=platform.id, context_id=context["id"], deployment_id=deployment_id
        )
        db.session.add(course)
        db.session.flush()
    if course.classroom_id is None and role == "teacher" and user.role == "teacher":
        title = (context.get("title") or context.get("label") or context["id"])[:80]
        classroom = Classroom(teacher_id=user.id, name=title, join_code=new_code())
        db.session.add(classroom)
        db.session.flush()
        course.classroom_id = classroom.id
        _admit_earlier_students(course)
    return course


def _admit_earlier_students(course: LtiCourse) -> None:
    """The students who launched from the course before it had a class join it now."""
    student_ids = db.session.execute(
        db.select(LtiRosterEntry.user_id)
        .join(User, User.id == LtiRosterEntry.user_id)
        .where(
            LtiRosterEntry.course_id == course.id,
            LtiRosterEntry.removed_at.is_(None),
            User.role == "student",
        )
    ).scalars()
    for user_id in student_ids:
        db.session.add(Membership(classroom_id=course.classroom_id, user_id=user_id))


def join_course(course: LtiCourse | None, user: User, lms_role: str) -> None:
    """On the course's roster with the role the LMS gives; a student also in the
    course's class once it has one, a student who became a teacher out of it."""
    if course is None or user.role not in ("student", "teacher"):
        return
    entry = roster_entry(course, user, lms_role)
    entry.lms_role, entry.removed_at = lms_role, None
    if course.classroom_id is None:
        return
    membership = db.session.get(Membership, (course.classroom_id, user.id))
    if user.role == "student" and membership is None:
        db.session.add(Membership(classroom_id=course.classroom_id, user_id=user.id))
    elif user.role == "teacher" and membership is not None:
        db.session.delete(membership)


def roster_entry(course: LtiCourse, user: User, lms_role: str) -> LtiRosterEntry:
    entry = db.session.execute(
        db.select(LtiRosterEntry).filter_by(course_id=course.id, user_id=user.id)
    ).scalar_one_or_none()
    if entry is None:
        entry = LtiRosterEntry(course_id=course.id, user_id=user.id, lms_role=lms_role)
        db.session.add(entry)
    return entry
