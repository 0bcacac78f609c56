"""What MythCheck keeps to act as an LTI 1.3 tool: the platforms an admin registered,
its own signing keys, one-time values of the launch, and what it owes each platform
(grades to send, rosters to mirror)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import clock
from ..extensions import db


class LtiPlatform(db.Model):
    """An LMS an admin registered: one issuer and client id, with its deployments."""

    __table_args__ = (sa.UniqueConstraint("issuer", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    issuer: Mapped[str] = mapped_column(sa.String(255))
    client_id: Mapped[str] = mapped_column(sa.String(255))
    deployment_ids: Mapped[list] = mapped_column(sa.JSON, default=list)
    login_url: Mapped[str] = mapped_column(sa.String(500))
    token_url: Mapped[str] = mapped_column(sa.String(500))
    key_set_url: Mapped[str] = mapped_column(sa.String(500))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)


class LtiKey(db.Model):
    """One of MythCheck's own RSA keys; the newest unretired one signs. A retired key
    stays published until `retired_at` + token lifetime, then `flask lti-keys rotate`
    drops it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    kid: Mapped[str] = mapped_column(sa.String(64), unique=True)
    private_pem: Mapped[str] = mapped_column(sa.Text)
    public_pem: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    retired_at: Mapped[datetime | None]


class LtiStoreEntry(db.Model):
    """The launch's short-lived values (nonces, the platform's cached key set), in the
    database so any instance can finish a launch another one started."""

    key: Mapped[str] = mapped_column(sa.String(200), primary_key=True)
    value: Mapped[dict | list | str | bool | None] = mapped_column(sa.JSON)
    expires_at: Mapped[datetime] = mapped_column(index=True)


class LtiAccount(db.Model):
    """The person a platform calls `subject`, as one MythCheck account."""

    __table_args__ = (sa.UniqueConstraint("platform_id", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(sa.ForeignKey("lti_platform.id"))
    subject: Mapped[str] = mapped_column(sa.String(255))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), unique=True)


class LtiCourse(db.Model):
    """An LMS course (the launch's context), as one MythCheck class: recorded by the first
    launch from it, its class made by the first teacher's (until then `classroom_id` is
    None and the students who launched wait on its roster)."""

    __table_args__ = (sa.UniqueConstraint("platform_id", "context_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(sa.ForeignKey("lti_platform.id"))
    context_id: Mapped[str] = mapped_column(sa.String(255))
    classroom_id: Mapped[int | None] = mapped_column(sa.ForeignKey("classroom.id"), unique=True)
    deployment_id: Mapped[str] = mapped_column(sa.String(255), default="")
    memberships_url: Mapped[str | None] = mapped_column(sa.String(500))
    # "comment": the certainty score is the grade's comment; "line_item": a second column.
    certainty_as: Mapped[str] = mapped_column(sa.String(10), default="comment")
    synced_at: Mapped[datetime | None]

    platform: Mapped[LtiPlatform] = relationship()


class LtiRosterEntry(db.Model):
    """A member of the LMS course as their last launch or roster sync saw them; one who
    left is marked `removed_at`, never deleted, so their answers stay theirs."""

    __table_args__ = (sa.UniqueConstraint("course_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(sa.ForeignKey("lti_course.id"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    lms_role: Mapped[str] = mapped_column(sa.String(10))
    removed_at: Mapped[datetime | None]


class LtiGradeLink(db.Model):
    """Where a learner's score for a quiz goes: the line item of the link they launched."""

    __table_args__ = (sa.UniqueConstraint("user_id", "quiz_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    quiz_id: Mapped[str] = mapped_column(sa.ForeignKey("quiz.id"))
    platform_id: Mapped[int] = mapped_column(sa.ForeignKey("lti_platform.id"))
    course_id: Mapped[int | None] = mapped_column(sa.ForeignKey("lti_course.id"))
    subject: Mapped[str] = mapped_column(sa.String(255))
    resource_link_id: Mapped[str] = mapped_column(sa.String(255))
    service: Mapped[dict] = mapped_column(sa.JSON)


class LtiGradeOutbox(db.Model):
    """A score owed to the LMS: one row per finished attempt, sent by
    `flask lti-send-grades` until the platform takes it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(
        sa.ForeignKey("attempt.id", ondelete="CASCADE"), unique=True
    )
    link_id: Mapped[int] = mapped_column(sa.ForeignKey("lti_grade_link.id", ondelete="CASCADE"))
    percent: Mapped[float]
    certainty: Mapped[float]
    tries: Mapped[int] = mapped_column(default=0)
    next_try_at: Mapped[datetime] = mapped_column(default=clock.now, index=True)
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(sa.String(300))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)

    link: Mapped[LtiGradeLink] = relationship()


class LtiHandoff(db.Model):
    """A one-time, short-lived ticket that signs the launched person in where the
    frame's cookies were blocked (a new tab), or takes them on where they were not."""

    token_hash: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    target: Mapped[str] = mapped_column(sa.String(300))
    origins: Mapped[list] = mapped_column(sa.JSON, default=list)
    expires_at: Mapped[datetime]
