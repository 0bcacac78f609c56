"""The teacher's side of a live session (the new-session form, the projector and
its controls, the results) and the poll every screen of a session runs."""

from flask import (
    Blueprint,
    abort,
    flash,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask import session as cookie
from flask_babel import gettext as _
from flask_login import current_user

from ..extensions import db
from ..forms import form_page
from ..models import Classroom
from ..reports import live as live_reports
from ..security import loads_no_user
from ..teach.access import own_classroom, teacher_only
from . import screens, service, signal
from .forms import ControlForm, NewSessionForm
from .models import LiveSession

bp = Blueprint("live", __name__)


def taught_session(session_id: int, admins_too: bool = False) -> tuple[LiveSession, Classroom]:
    """A session of a class the current user teaches (or, for `admins_too`, any
    session for an admin); anything else is a 404."""
    found = db.session.execute(
        db.select(LiveSession, Classroom)
        .join(Classroom, Classroom.id == LiveSession.classroom_id)
        .where(LiveSession.id == session_id)
    ).first()
    if found is None:
        abort(404)
    session, classroom = found
    allowed = classroom.teacher_id == current_user.id or (
        admins_too and current_user.role == "admin"
    )
    if not allowed:
        abort(404)
    return session, classroom


@bp.route("/teach/classes/<int:classroom_id>/live/new", methods=["GET", "POST"])
@teacher_only
def new_session(classroom_id: int):
    """Choose the questions and options, then open the session's lobby."""
    classroom = own_classroom(classroom_id)
    if classroom.teacher_id != current_user.id:
        abort(404)
    form = NewSessionForm(sources=screens.session_sources())
    if form.validate_on_submit():
        options = {
            "timer_seconds": form.timer.data,
            "class_goal": form.class_goal.data,
            "nicknames": form.nicknames.data,
        }
        try:
            session = service.create_session(classroom, current_user.id, form.source.data, options)
        except service.LiveError as error:
            form.source.errors = [str(error)]
        else:
            return redirect(url_for("live.projector", session_id=session.id), code=303)
    return form_page("live/new.html", form, classroom=classroom)


@bp.get("/live/<int:session_id>/projector")
@teacher_only
def projector(session_id: int):
    """The class's screen: the lobby, each question, the reveal, the end."""
    session, classroom = taught_session(session_id)
    return render_template("live/projector.html", **screens.projector_context(session, classroom))


@bp.get("/live/<int:session_id>/counts")
@teacher_only
def counts(session_id: int):
    """How many joined and answered, for the projector to refresh in place."""
    session, _classroom = taught_session(session_id)
    joined, answered = live_reports.joined_and_answered(session.id, session.current_question_id)
    return render_template("live/_counts.html", session=session, joined=joined, answered=answered)


@bp.post("/live/<int:session_id>/control")
@teacher_only
def control(session_id: int):
    """Start, reveal, next, pause, resume or end; a click on a screen that is out of
    date changes nothing (the page then shows where the class is)."""
    session, _classroom = taught_session(session_id)
    form = ControlForm()
    if not form.validate_on_submit() or form.action.data not in service.MOVES:
        abort(400)
    if not service.control(session, form.action.data, form.version.data):
        flash(_("The session had already moved on; this is where it is now."), "info")
    return redirect(url_for("live.projector", session_id=session.id), code=303)


@bp.get("/live/<int:session_id>/results")
@teacher_only
def results(session_id: int):
    """Per question and per myth, after (or during) the session."""
    session, classroom = taught_session(session_id, admins_too=True)
    return render_template("live/results.html", **screens.results_context(session, classroom))


@bp.get("/live/<int:session_id>/poll")
@loads_no_user
def poll(session_id: int):
    """204 while the session's version is still `v`; 200 and HX-Refresh once it
    changed. Answered from the signed cookie and Redis alone: it loads no user, since
    the version number tells nothing but that something changed."""
    if not cookie.get("_user_id"):
        return redirect(url_for("auth.login"))
    seen = request.args.get("v", type=int)
    version = signal.current_version(session_id, seen)
    if version is None:
        abort(404)
    if seen == version:
        response = make_response("", 204)
    else:
        response = jsonify(v=version)
        response.headers["HX-Refresh"] = "true"
    response.headers["X-Live-Version"] = str(version)
    response.headers["Cache-Control"] = "no-store"
    return response


from . import student_pages  # noqa: E402,F401
