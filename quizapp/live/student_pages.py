"""The student's side of a live session: find it by its code, join it (and its
class), answer the question on the projector, see the feedback on reveal."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..database import writes_late
from ..extensions import db
from ..forms import form_page
from ..join.routes import code_guessing_limits
from ..learn.forms import AnswerForm
from ..models import Classroom
from ..reading import course_language
from ..reports import live as live_reports
from ..teach.classes import is_member
from . import screens, seats, service
from .forms import CodeForm, JoinSessionForm
from .pages import bp

# A whole school behind one address may join its sessions at the bell, each phone
# opening the join page and sending it: far more than joining classes ever asks.
LIVE_JOINS_PER_ADDRESS = "3000 per minute"
limit_code_guessing = code_guessing_limits(LIVE_JOINS_PER_ADDRESS)


def joined_session(session_id: int) -> seats.StudentSeat:
    """A session of a class the current user is in, their place in it (None before
    they join) and their answer to its question; anyone else gets a 404."""
    seat = seats.seen_by_student(session_id, current_user.id)
    if seat.session is None or not seat.in_class:
        abort(404)
    return seat


@bp.route("/live", methods=["GET", "POST"])
@login_required
@limit_code_guessing
def index():
    """Type the code on the teacher's screen; the sessions running in your classes."""
    form = CodeForm()
    if form.validate_on_submit():
        session = service.open_session_by_code(form.code.data)
        if session is not None:
            return redirect(url_for("live.join", session_code=session.join_code), code=303)
        form.code.errors = [_("No session is running with that code. Check the teacher's screen.")]
    return form_page(
        "live/index.html", form, running=live_reports.open_sessions_of_student(current_user.id)
    )


@bp.route("/live/join/<session_code>", methods=["GET", "POST"])
@limit_code_guessing
def join(session_code: str):
    """Join a session (and its class, for a student not yet in it); someone signed
    out (a phone scanning the QR code) signs up or logs in first."""
    if not current_user.is_authenticated:
        next_url = url_for("live.join", session_code=session_code)
        return redirect(url_for("auth.register", next=next_url))
    session = service.open_session_by_code(session_code)
    if session is None:
        abort(404, _("No session is running with that code. Check the teacher's screen."))
    classroom = db.session.get(Classroom, session.classroom_id)
    if classroom.teacher_id == current_user.id:
        return redirect(url_for("live.projector", session_id=session.id))
    if service.participant(session.id, current_user.id) is not None:
        return redirect(url_for("live.student", session_id=session.id), code=303)
    form = JoinSessionForm()
    if form.validate_on_submit():
        service.join_session(session, current_user.id, form.nickname.data)
        return redirect(url_for("live.student", session_id=session.id), code=303)
    member = is_member(classroom.id, current_user.id)
    return form_page("live/join.html", form, session=session, classroom=classroom, member=member)


@bp.get("/live/<int:session_id>")
@login_required
def student(session_id: int):
    """The student's screen of the session, wherever the class is now."""
    seat = joined_session(session_id)
    if seat.member is None:
        return redirect(url_for("live.join", session_code=seat.session.join_code))
    return render_template("live/student.html", **screens.student_context(seat))


@bp.post("/live/<int:session_id>/answer")
@writes_late
@login_required
def answer(session_id: int):
    """Save the answer to the open question (once: a repeat keeps the first)."""
    seat = joined_session(session_id)
    session, member = seat.session, seat.member
    if member is None:
        return redirect(url_for("live.join", session_code=session.join_code), code=303)
    question_id = request.form.get("question_id", "")
    question = screens.question_in(session, question_id)
    form = screens.answer_form_for(question, AnswerForm())
    if not form.validate_on_submit():
        return render_template("live/student.html", **screens.student_context(seat, form)), 422
    try:
        given = service.submit_answer(
            session, member, question_id, form.choice.data, form.certainty.data, course_language()
        )
    except service.LiveError as error:
        flash(str(error), "info")
        return render_template("live/student.html", **screens.student_context(seat)), 409
    if given.earlier_answer_kept:
        flash(_("You had already answered; your first answer is the one saved."), "info")
    return redirect(url_for("live.student", session_id=session.id), code=303)
