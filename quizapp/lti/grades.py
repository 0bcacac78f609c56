"""Scores back to the LMS (Assignment and Grade Services) through an outbox: a row per
finished attempt, written in the attempt's own transaction, sent by
`flask lti-send-grades` with retries that wait longer each time. A row is sent until
the platform takes it once, and never again."""

from datetime import timedelta

from flask_babel import gettext as _
from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.grade import Grade
from pylti1p3.lineitem import LineItem

from .. import clock
from ..attempts import attempt_finished
from ..extensions import db
from ..models import Attempt, Quiz, User
from .models import LtiCourse, LtiGradeLink, LtiGradeOutbox, LtiPlatform
from .registry import ServiceTokens, service_connector

BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_MAX = timedelta(hours=6)
# After this many failures the teacher sees it on the class page (it keeps trying).
FAILURES_SHOWN = 3
CERTAINTY_TAG = "mythcheck-certainty"


@attempt_finished.connect
def owe_grade(attempt_id: int) -> None:
    """Queue the finished attempt's score, in the attempt's own transaction, if its
    learner launched this quiz from an LMS."""
    attempt = db.session.execute(
        db.select(
            Attempt.user_id, Attempt.quiz_id, Attempt.n_items, Attempt.n_correct, Attempt.cbm_total
        ).where(Attempt.id == attempt_id)
    ).one()
    link_id = db.session.execute(
        db.select(LtiGradeLink.id).filter_by(user_id=attempt.user_id, quiz_id=attempt.quiz_id)
    ).scalar()
    if link_id is None or not attempt.n_items:
        return
    db.session.add(
        LtiGradeOutbox(
            attempt_id=attempt_id,
            link_id=link_id,
            percent=round(100 * (attempt.n_correct or 0) / attempt.n_items, 1),
            certainty=round((attempt.cbm_total or 0) / attempt.n_items, 2),
        )
    )


def backoff(tries: int) -> timedelta:
    return min(BACKOFF_BASE * 2 ** max(tries - 1, 0), BACKOFF_MAX)


def _grade(row: LtiGradeOutbox, score: float, comment: str | None) -> Grade:
    grade = (
        Grade()
        .set_score_given(score)
        .set_score_maximum(100)
        .set_timestamp(clock.now().isoformat() + "Z")
        .set_activity_progress("Completed")
        .set_grading_progress("FullyGraded")
        .set_user_id(row.link.subject)
    )
    return grade.set_comment(comment) if comment else grade


def certainty_comment(certainty: float) -> str:
    return _(
        "Certainty score: %(score)s per question (from -6 to +3; higher means sure and right).",
        score=certainty,
    )


def certainty_percent(certainty: float) -> float:
    """The certainty score as a share of the best possible (+3 a question), floor 0."""
    return round(max(certainty, 0) / 3 * 100, 1)


def _send(row: LtiGradeOutbox) -> None:
    link = row.link
    course = db.session.get(LtiCourse, link.course_id) if link.course_id else None
    platform = db.session.get(LtiPlatform, link.platform_id)
    connector = service_connector(platform)
    service = AssignmentsGradesService(connector, link.service)
    as_comment = course is None or course.certainty_as == "comment"
    comment = certainty_comment(row.certainty) if as_comment else None
    service.put_grade(_grade(row, row.percent, comment))
    if not as_comment:
        item = (
            LineItem()
            .set_tag(CERTAINTY_TAG)
            .set_label(_("Certainty score"))
            .set_score_maximum(100)
            .set_resource_id(f"{link.quiz_id}-certainty")
        )
        service.put_grade(_grade(row, certainty_percent(row.certainty), None), item)


def due_rows(limit: int = 100) -> list[LtiGradeOutbox]:
    return list(
        db.session.execute(
            db.select(LtiGradeOutbox)
            .where(LtiGradeOutbox.sent_at.is_(None), LtiGradeOutbox.next_try_at <= clock.now())
            .order_by(LtiGradeOutbox.id)
            .limit(limit)
        ).scalars()
    )


def _claim(row: LtiGradeOutbox) -> bool:
    """Take the row for this sender (another sender running at once skips it)."""
    claimed = db.session.execute(
        db.update(LtiGradeOutbox)
        .where(
            LtiGradeOutbox.id == row.id,
            LtiGradeOutbox.sent_at.is_(None),
            LtiGradeOutbox.tries == row.tries,
        )
        .values(tries=row.tries + 1, next_try_at=clock.now() + backoff(row.tries + 1))
    ).rowcount
    db.session.commit()
    return claimed == 1


def send_due() -> tuple[int, int]:
    """Send every score that is due; returns (sent, failed)."""
    sent = failed = 0
    for row in due_rows():
        if not _claim(row):
            continue
        db.session.refresh(row)
        try:
            _send(row)
        except Exception as error:  # the platform's refusal, in any of pylti1p3's forms
            row.last_error = str(error)[:300]
            ServiceTokens.forget()
            failed += 1
        else:
            row.sent_at, row.last_error = clock.now(), None
            sent += 1
        db.session.commit()
    return sent, failed


def failures_for(classroom_id: int) -> list:
    """Scores of this class the LMS keeps refusing, for the teacher: who, which quiz,
    how many tries, the last error."""
    return list(
        db.session.execute(
            db.select(
                User.username,
                Quiz.title,
                LtiGradeOutbox.percent,
                LtiGradeOutbox.tries,
                LtiGradeOutbox.last_error,
            )
            .select_from(LtiGradeOutbox)
            .join(LtiGradeLink)
            .join(User, User.id == LtiGradeLink.user_id)
            .join(Quiz, Quiz.id == LtiGradeLink.quiz_id)
            .join(LtiCourse)
            .where(
                LtiCourse.classroom_id == classroom_id,
                LtiGradeOutbox.sent_at.is_(None),
                LtiGradeOutbox.tries >= FAILURES_SHOWN,
            )
            .order_by(LtiGradeOutbox.id)
        )
    )
