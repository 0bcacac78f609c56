"""What a teacher does with a class linked to an LMS course: sync its roster, choose how
the certainty score is sent, see scores the LMS refused; and, for every class, the
printable one-page summary and the Google Classroom share link."""

from urllib.parse import urlencode

from flask import flash, render_template
from flask_babel import gettext as _

from .. import clock
from ..content.ids import AttemptMode, QuizKind
from ..extensions import db
from ..forms import ButtonForm, require_button
from ..reading import course_language
from ..reports import classes
from ..reports.myths import class_myths
from ..reports.progress import DONE, progress_grid
from ..reports.scope import Scope
from ..teach.access import own_classroom, teacher_only, to_class
from ..templating import public_url
from . import bp, grades, roster
from .forms import GradeSettingsForm

CLASSROOM_SHARE = "https://classroom.google.com/share"
SUMMARY_MYTHS = 5


def lms_panel(classroom_id: int) -> dict | None:
    """What the class page shows about its LMS course, or None for a class without one."""
    course = roster.course_of_class(classroom_id)
    if course is None:
        return None
    return {
        "synced_at": course.synced_at,
        "can_sync": bool(course.memberships_url),
        "removed": roster.removed_members(classroom_id),
        "failures": grades.failures_for(classroom_id),
        "grade_form": GradeSettingsForm(certainty_as=course.certainty_as),
    }


@bp.app_template_filter("classroom_share_url")
def classroom_share_url(assignment) -> str:
    """Google Classroom's share link for the page that starts this assignment."""
    quiz = assignment.quiz
    if assignment.mode == AttemptMode.FULL and quiz.kind == QuizKind.LESSON:
        page = public_url("learn.lesson", lesson_id=quiz.lesson_id)
    elif assignment.mode == AttemptMode.FULL:
        page = public_url("learn.myth_check")
    else:
        page = public_url("learn.home")
    return f"{CLASSROOM_SHARE}?{urlencode({'url': page, 'title': quiz.title})}"


@bp.post("/teach/classes/<int:classroom_id>/lms/roster")
@teacher_only
def sync_roster(classroom_id: int):
    """Bring the class roster in line with the LMS course."""
    classroom = own_classroom(classroom_id)
    require_button()
    course = roster.course_of_class(classroom.id)
    if course is None or not course.memberships_url:
        flash(
            _("Open MythCheck from your LMS course once; then the roster can be synced."), "error"
        )
        return to_class(classroom.id)
    try:
        counts = roster.sync(course)
    except Exception:  # the LMS said no, or could not be reached: nothing was changed
        db.session.rollback()
        flash(_("The LMS did not send the roster. Nothing was changed; try again later."), "error")
        return to_class(classroom.id)
    flash(
        _(
            "Roster synced: %(added)s added, %(kept)s already here, %(removed)s marked removed.",
            **counts,
        ),
        "success",
    )
    return to_class(classroom.id)


@bp.post("/teach/classes/<int:classroom_id>/lms/grades")
@teacher_only
def grade_settings(classroom_id: int):
    """Send the certainty score as a comment or as a second gradebook column."""
    classroom = own_classroom(classroom_id)
    course = roster.course_of_class(classroom.id)
    form = GradeSettingsForm()
    if course is None or not form.validate_on_submit():
        flash(_("Choose how to send the certainty score."), "error")
        return to_class(classroom.id)
    course.certainty_as = form.certainty_as.data
    db.session.commit()
    flash(_("Grade settings saved."), "success")
    return to_class(classroom.id)


@bp.get("/teach/classes/<int:classroom_id>/summary")
@teacher_only
def class_summary(classroom_id: int):
    """One printable page for the teacher's records."""
    classroom = own_classroom(classroom_id)
    assignments = classes.class_assignments(classroom.id)
    grid = progress_grid(classroom.id, assignments)
    scope = Scope(classroom_id=classroom.id)
    return render_template(
        "lti/summary.html",
        classroom=classroom,
        printed_on=clock.now(),
        students=len(grid),
        rows=_assignment_rows(assignments, grid),
        myths=class_myths(scope, language=course_language())[:SUMMARY_MYTHS],
        button=ButtonForm(),
    )


def _assignment_rows(assignments, grid) -> list[dict]:
    rows = []
    for index, assignment in enumerate(assignments):
        cells = [row.cells[index] for row in grid]
        done = [cell.percent or 0 for cell in cells if cell.status == DONE]
        rows.append(
            {
                "assignment": assignment,
                "done": len(done),
                "average": round(sum(done) / len(done)) if done else None,
            }
        )
    return rows
