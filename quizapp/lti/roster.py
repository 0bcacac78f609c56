"""The class roster from the LMS (Names and Role Provisioning Services), on the
teacher's request. New members get an account and join the class; members the LMS no
longer lists are marked removed, and keep their account and answers."""

from pylti1p3.names_roles import NamesRolesProvisioningService

from .. import clock
from ..extensions import db
from ..models import User
from .models import LtiCourse, LtiPlatform, LtiRosterEntry
from .people import account_for, join_course, role_from_claims, roster_entry
from .registry import ServiceTokens, service_connector

ACTIVE = "Active"


class RosterUnavailable(Exception):
    """No launch has told us where this course's roster is."""


def course_of_class(classroom_id: int) -> LtiCourse | None:
    return db.session.execute(
        db.select(LtiCourse).filter_by(classroom_id=classroom_id)
    ).scalar_one_or_none()


def fetch_members(course: LtiCourse) -> list[dict]:
    if not course.memberships_url:
        raise RosterUnavailable
    platform = db.session.get(LtiPlatform, course.platform_id)
    connector = service_connector(platform)
    service = NamesRolesProvisioningService(
        connector, {"context_memberships_url": course.memberships_url}
    )
    return service.get_members()


def apply_members(course: LtiCourse, members: list[dict]) -> dict[str, int]:
    """Mirror the LMS's list; returns counts of added, kept and removed members."""
    platform = db.session.get(LtiPlatform, course.platform_id)
    seen, counts = set(), {"added": 0, "kept": 0, "removed": 0}
    for member in members:
        if member.get("status", ACTIVE) != ACTIVE:
            continue
        role = role_from_claims(member.get("roles", []))
        user = account_for(platform, member["user_id"], role, member.get("name"))
        entry = roster_entry(course, user, role)
        counts["kept" if entry.id and entry.removed_at is None else "added"] += 1
        join_course(course, user, role)
        seen.add(user.id)
    db.session.flush()
    for entry in db.session.execute(
        db.select(LtiRosterEntry).filter_by(course_id=course.id, removed_at=None)
    ).scalars():
        if entry.user_id not in seen:
            entry.removed_at = clock.now()
            counts["removed"] += 1
    course.synced_at = clock.now()
    db.session.commit()
    return counts


def sync(course: LtiCourse) -> dict[str, int]:
    try:
        members = fetch_members(course)
    except Exception:
        ServiceTokens.forget()
        raise
    return apply_members(course, members)


def removed_members(classroom_id: int) -> list[str]:
    """Usernames the LMS no longer lists in this class's course."""
    return list(
        db.session.execute(
            db.select(User.username)
            .join(LtiRosterEntry, LtiRosterEntry.user_id == User.id)
            .join(LtiCourse, LtiCourse.id == LtiRosterEntry.course_id)
            .where(LtiCourse.classroom_id == classroom_id, LtiRosterEntry.removed_at.is_not(None))
            .order_by(User.username)
        ).scalars()
    )
