"""Admin pages: results across every class, item quality, users and exports."""

from flask import abort, render_template, request
from flask_babel import gettext as _

from .. import timezones
from ..csvexport import csv_response
from ..reading import course_language
from ..reports import activity, items, myth_checks, myth_outcomes
from ..reports.scope import Scope
from ..security import role_required
from . import bp, lookups
from .charts import activity_chart
from .exports import TABLES, answers_response
from .forms import ItemFilterForm, ScopeForm

admin_only = role_required("admin")


def read_filters(form_class=ScopeForm) -> tuple[ScopeForm, Scope]:
    """The filter form from the query string, and its Scope (no filter while it is invalid)."""
    form = form_class(formdata=request.args)
    teachers = lookups.teachers_with_classes()
    form.set_choices(teachers, lookups.class_choices(form.teacher.data or None))
    return form, form.scope() if form.validate() else Scope()


def export_filters() -> Scope:
    """The Scope of a download; invalid filters are a 400, never a silently wider file."""
    form, scope = read_filters()
    if form.errors:
        problems = " ".join(errors[0] for errors in form.errors.values())
        abort(
            400,
            _(
                "The filters could not be read, so nothing was exported. %(problems)s",
                problems=problems,
            ),
        )
    return scope


@bp.get("/")
@admin_only
def overview():
    """Headline numbers and quizzes over time, for the chosen classes and dates."""
    form, scope = read_filters()
    days = activity.activity(scope)
    return render_template(
        "admin/overview.html",
        form=form,
        scope=scope,
        totals=activity.overview(scope),
        chart=activity_chart(days, scope.start, scope.end),
        days=days,
    )


@bp.get("/lessons")
@admin_only
def lessons():
    """Per quiz of the course: completion, scores and time spent."""
    form, scope = read_filters()
    return render_template(
        "admin/lessons.html",
        form=form,
        scope=scope,
        stats=activity.lesson_stats(scope, course_language()),
        min_answers=activity.MIN_ANSWERS,
    )


@bp.get("/myths")
@admin_only
def myths():
    """Which myths learners hold before, after and now; the ones the course fails to correct."""
    form, scope = read_filters()
    checks = myth_checks.pre_post(scope, course_language())
    outcomes = myth_outcomes.myth_outcomes(scope, checks)
    return render_template(
        "admin/myths.html",
        form=form,
        scope=scope,
        outcomes=outcomes,
        survivors=myth_outcomes.surviving_myths(outcomes),
        learning=myth_outcomes.group_learning(scope, checks.everyone, course_language()),
        min_answers=activity.MIN_ANSWERS,
    )


@bp.get("/efficacy")
@admin_only
def efficacy_report():
    """The printable efficacy report: matched before, after and weeks later, with intervals."""
    form, scope = read_filters()
    return render_template(
        "admin/efficacy.html",
        form=form,
        scope=scope,
        rows=myth_checks.pre_post(scope, course_language()).matched,
        learners=myth_checks.matched_learners(scope),
        made_on=timezones.today(),
        min_answers=activity.MIN_ANSWERS,
    )


@bp.get("/items")
@admin_only
def item_analysis():
    """Facility, discrimination and choice picks per question, with suspect items flagged."""
    form, scope = read_filters(ItemFilterForm)
    quiz_id, answered_in, suspect_only = (
        (None, None, False)
        if form.errors
        else (form.quiz.data, form.answered_in.data, form.suspect.data)
    )
    stats = items.item_stats(scope, quiz_id or None, answered_in or None, course_language())
    shown = [item for item in stats if item.flags] if suspect_only else stats
    return render_template(
        "admin/items.html",
        form=form,
        scope=scope,
        items=shown,
        suspect_count=sum(1 for item in stats if item.flags),
        min_answers=activity.MIN_ANSWERS,
    )


@bp.get("/export")
@admin_only
def export():
    """Every table as CSV with the chosen filters, and the anonymous per-answer file."""
    form, scope = read_filters()
    return render_template("admin/export.html", form=form, scope=scope, tables=list(TABLES))


@bp.get("/export/<any(activity, lessons, myths, items):name>.csv")
@admin_only
def export_table(name: str):
    """One admin table as CSV, filtered like the page."""
    header, rows = TABLES[name](export_filters())
    return csv_response(f"mythcheck-{name}.csv", header, rows)


@bp.get("/export/answers.csv")
@admin_only
def export_answers():
    """Every answer in scope, learners as pseudonyms, streamed."""
    return answers_response(export_filters())
