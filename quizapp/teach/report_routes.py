"""What a class has done and believes: progress grid, class myths, one myth, one
student, a lesson's guide, CSV; and the follow-ups the class myths page offers (a
re-teach quiz on the myths the class still holds, the delayed myth check)."""

from datetime import timedelta

from flask import flash, render_template, request
from flask_babel import gettext as _
from flask_babel import ngettext

from .. import scoring, timezones
from ..csvexport import csv_response, slug
from ..extensions import db
from ..forms import ButtonForm, form_status
from ..models import Classroom, Lesson, Myth
from ..reading import course_language
from ..reports import classes, history, learner, myth_checks
from ..reports.myths import (
    STATE_CHOICES,
    class_myths,
    confident_misconceptions_by_myth,
    myth_holders,
    probing_questions,
)
from ..reports.progress import progress_grid
from ..reports.scope import Scope
from . import bp
from .access import (
    MYTH_HOLDERS,
    PROGRESS,
    PROGRESS_CSV,
    class_student,
    note_admin_class_view,
    note_admin_view,
    own_classroom,
    teacher_only,
    to_class,
)
from .classes import assign_reteach, schedule_delayed_test
from .forms import DelayedTestForm, ReteachForm
from .grid import csv_label, progress_rows, sorted_rows

DELAY_WEEKS = 4


def class_file_name(classroom: Classroom, what: str) -> str:
    return f"{slug(classroom.name, f'class-{classroom.id}')}-{what}.csv"


@bp.get("/classes/<int:classroom_id>/progress")
@teacher_only
def progress(classroom_id: int):
    """Students × assigned lessons: not started, in progress or best score; sortable."""
    classroom = own_classroom(classroom_id)
    note_admin_class_view(classroom, PROGRESS)
    assignments = classes.class_assignments(classroom.id)
    grid = progress_grid(classroom.id, assignments)
    descending = request.args.get("order") == "desc"
    rows, sort = sorted_rows(grid, assignments, request.args.get("sort", "name"), descending)
    return render_template(
        "teach/progress.html",
        classroom=classroom,
        assignments=assignments,
        rows=rows,
        sort=sort,
        descending=descending,
    )


@bp.get("/classes/<int:classroom_id>/progress.csv")
@teacher_only
def progress_csv(classroom_id: int):
    """The progress grid as CSV: a score in percent, or the status."""
    classroom = own_classroom(classroom_id)
    note_admin_class_view(classroom, PROGRESS_CSV)
    assignments = classes.class_assignments(classroom.id)
    header = [_("Student"), *(csv_label(a) for a in assignments), _("Done")]
    rows = progress_rows(progress_grid(classroom.id, assignments))
    return csv_response(class_file_name(classroom, "progress"), header, rows)


@bp.get("/classes/<int:classroom_id>/myths")
@teacher_only
def myths(classroom_id: int):
    """A bar per myth: how many students hold it, and the change from pre- to post-test."""
    classroom = own_classroom(classroom_id)
    scope = Scope(classroom_id=classroom.id)
    checks = myth_checks.pre_post(scope, course_language()).everyone
    rows = class_myths(scope, checks=checks, language=course_language())
    return render_template(
        "teach/myths.html",
        classroom=classroom,
        rows=rows,
        state_labels=STATE_CHOICES,
        **follow_up_context(classroom, retention=checks),
    )


@bp.get("/classes/<int:classroom_id>/myths.csv")
@teacher_only
def myths_csv(classroom_id: int):
    """The class myths as CSV: counts per state and the pre/post change."""
    classroom = own_classroom(classroom_id)
    header = [_("Myth"), *(label for _state, label in STATE_CHOICES)]
    header += [_("Answered before"), _("Holding before (%)")]
    header += [_("Answered after"), _("Holding after (%)")]
    rows = [
        [row.statement, *row.counts.values(), row.pre.n, row.pre.percent]
        + [row.post.n, row.post.percent]
        for row in class_myths(Scope(classroom_id=classroom.id), language=course_language())
    ]
    return csv_response(class_file_name(classroom, "myths"), header, rows)


@bp.get("/classes/<int:classroom_id>/myths/<myth_id>")
@teacher_only
def myth(classroom_id: int, myth_id: str):
    """One myth: the students who still hold it and the questions that probe it."""
    classroom = own_classroom(classroom_id)
    myth = db.get_or_404(Myth, myth_id)
    holders = myth_holders(Scope(classroom_id=classroom.id), myth.id)
    note_admin_class_view(classroom, MYTH_HOLDERS, [holder.user_id for holder in holders])
    return render_template(
        "teach/myth.html",
        classroom=classroom,
        myth=myth,
        holders=holders,
        probes=probing_questions(Scope(classroom_id=classroom.id), myth.id, course_language()),
    )


@bp.get("/classes/<int:classroom_id>/lessons/<lesson_id>")
@teacher_only
def lesson_guide(classroom_id: int, lesson_id: str):
    """A lesson with its discussion guide and the class's beliefs on the myths it covers."""
    classroom = own_classroom(classroom_id)
    lesson = db.get_or_404(Lesson, lesson_id)
    return render_template(
        "teach/lesson_guide.html",
        classroom=classroom,
        lesson=lesson,
        myths=class_myths(Scope(classroom_id=classroom.id), lesson.id, language=course_language()),
        students=Scope(classroom_id=classroom.id).learner_count(),
    )


@bp.get("/classes/<int:classroom_id>/students/<int:user_id>")
@teacher_only
def student(classroom_id: int, user_id: int):
    """One student of the class: attempts, answers and where they stand on each myth."""
    classroom = own_classroom(classroom_id)
    student = class_student(classroom, user_id)
    note_admin_view(classroom, student)
    return render_template(
        "teach/student.html",
        classroom=classroom,
        student=student,
        attempts=history.student_attempts(student.id, course_language()),
        answers=history.student_answers(student.id, course_language()),
        states=learner.myth_states(student.id),
        certainty_labels=scoring.CERTAINTY_LABELS,
        button=ButtonForm(),
    )


def follow_up_context(classroom: Classroom, reteach=None, delayed=None, retention=None) -> dict:
    """What the class myths page adds: confident misconceptions, re-teach and retention
    (the class's `pre_post().everyone`, read here unless the caller has it)."""
    opens = timezones.today(classroom.timezone) + timedelta(weeks=DELAY_WEEKS)
    scope = Scope(classroom_id=classroom.id)
    return {
        "reteach_form": reteach or ReteachForm(formdata=None),
        "delayed_form": delayed or DelayedTestForm(formdata=None, available_on=opens),
        "confident": confident_misconceptions_by_myth(
            scope, limit=5, still_held=True, language=course_language()
        ),
        "follow_ups": classes.follow_ups(classroom.id, course_language()),
        "students": scope.learner_count(),
        "retention": retention or myth_checks.pre_post(scope, course_language()).everyone,
    }


def form_errors(classroom: Classroom, **forms):
    context = follow_up_context(classroom, **forms)
    return render_template("teach/reteach.html", classroom=classroom, **context), form_status()


@bp.post("/classes/<int:classroom_id>/reteach")
@teacher_only
def reteach(classroom_id: int):
    """Assign a re-teach quiz on the myths held by at least the chosen share of the class."""
    classroom = own_classroom(classroom_id)
    form = ReteachForm()
    if not form.validate_on_submit():
        return form_errors(classroom, reteach=form)
    assignment = assign_reteach(classroom, form.share.data / 100, form.due_on.data)
    if assignment is None:
        flash(
            _(
                "No myth is held by %(share)s%% of the class or more right now.",
                share=form.share.data,
            ),
            "info",
        )
    else:
        count = len(assignment.myth_ids)
        assigned = ngettext(
            "Assigned a review quiz on %(num)s myth.",
            "Assigned a review quiz on %(num)s myths.",
            count,
        )
        flash(assigned, "success")
    return to_class(classroom.id, "teach.myths")


@bp.post("/classes/<int:classroom_id>/delayed-test")
@teacher_only
def delayed_test(classroom_id: int):
    """Schedule the myth check again for a later day, to see what the class kept."""
    classroom = own_classroom(classroom_id)
    form = DelayedTestForm()
    if not form.validate_on_submit():
        return form_errors(classroom, delayed=form)
    assignment, created = schedule_delayed_test(classroom, form.available_on.data)
    opens = assignment.available_on
    day = timezones.local_date(opens, "month_day")
    if created:
        done = _("Delayed myth check scheduled: it opens on %(day)s.", day=day)
    else:
        done = _("Delayed myth check moved: it opens on %(day)s.", day=day)
    flash(done, "success")
    return to_class(classroom.id, "teach.myths")
