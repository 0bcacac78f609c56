import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from .. import answers, attempts, clock
from ..content import POST_QUIZ, PRE_QUIZ, QuizKind
from ..database import writes_late
from ..extensions import db
from ..models import Attempt, Lesson, Quiz
from ..reading import course_language
from ..reports import classes, learner
from . import bp
from .cards import (
    LESSON_AFTER_MYTH_CHECK,
    answer_form,
    card_context,
    learning_context,
    render_card,
    result_context,
    swaps_card,
    varies_by_htmx,
)
from .forms import StartForm
from .interrupted import logged_out_mid_quiz

MYTH_CHECK_FIRST = _l("Take the short myth check first, so you can see what changes.")


def own_attempt(attempt_id: int) -> Attempt:
    """The current user's attempt, its quiz loaded with it (every page of it shows the
    title); anyone else's is a 404, not a 403, to leak nothing."""
    attempt = db.session.get(Attempt, attempt_id, options=[sa.orm.joinedload(Attempt.quiz)])
    if attempt is None or attempt.user_id != current_user.id:
        abort(404)
    return attempt


def own_answer_target(attempt_id: int, question_id: str) -> answers.AnswerTarget:
    """The current user's attempt, where this question sits in it and the beliefs it
    may move; anyone else's attempt is a 404."""
    target = answers.answer_target(attempt_id, question_id)
    if target is None or target.attempt.user_id != current_user.id:
        abort(404)
    return target


@bp.get("/")
def home():
    """Landing page for visitors; the course map for a signed-in learner."""
    if not current_user.is_authenticated:
        return render_template("learn/landing.html")
    progress = learner.lesson_progress(current_user.id)
    status = learner.course_status(current_user.id, progress)
    assigned = classes.assigned_to(current_user.id, clock.now(), course_language())
    return render_template(
        "learn/home.html",
        progress=progress,
        status=status,
        assigned=assigned,
        my_classes=classes.classes_of(current_user.id),
        start_form=StartForm(),
        **learning_context(current_user.id),
    )


@bp.get("/help")
def get_help():
    """Where to find real help; public, linked from every safety lesson."""
    return render_template("learn/help.html")


@bp.get("/lessons/<lesson_id>")
@login_required
def lesson(lesson_id: str):
    """One lesson to read, ending in a button that starts its quiz."""
    lesson = db.get_or_404(Lesson, lesson_id)
    if not lesson.active:
        abort(404)
    if not learner.has_finished(current_user.id, PRE_QUIZ):
        session[LESSON_AFTER_MYTH_CHECK] = lesson.id
        flash(
            _(
                "Take the short myth check first, so you can see what changes. "
                "Then “%(title)s” opens.",
                title=lesson.in_language("title", course_language()),
            ),
            "info",
        )
        return redirect(url_for("learn.myth_check"))
    session.pop(LESSON_AFTER_MYTH_CHECK, None)
    return render_template("learn/lesson.html", lesson=lesson, start_form=StartForm())


@bp.get("/myth-check")
@login_required
def myth_check():
    """The pre-test before the lessons, or the post-test once every lesson is done."""
    progress = learner.lesson_progress(current_user.id)
    status = learner.course_status(current_user.id, progress)
    quiz_id = POST_QUIZ if status.pre_done else PRE_QUIZ
    quiz = db.get_or_404(Quiz, quiz_id)
    return render_template(
        "learn/myth_check.html", quiz=quiz, status=status, start_form=StartForm()
    )


@bp.post("/quizzes/<quiz_id>/start")
@login_required
def start(quiz_id: str):
    """Start the quiz, or resume the attempt already open."""
    quiz = db.get_or_404(Quiz, quiz_id)
    if quiz.kind == QuizKind.MYTH_PROBE or not StartForm().validate_on_submit():
        abort(400)
    if quiz.kind == QuizKind.LESSON and not learner.has_finished(current_user.id, PRE_QUIZ):
        flash(str(MYTH_CHECK_FIRST), "info")
        return redirect(url_for("learn.myth_check"), code=303)
    if quiz.kind == QuizKind.POST:
        status = learner.course_status(current_user.id, learner.lesson_progress(current_user.id))
        if not status.post_unlocked:
            flash(_("The final myth check opens once every lesson quiz is done."), "info")
            return redirect(url_for("learn.home"), code=303)
    attempt = attempts.start_attempt(current_user.id, quiz)
    return redirect(url_for("learn.resume", attempt_id=attempt.id), code=303)


@bp.get("/attempts/<int:attempt_id>")
@login_required
def resume(attempt_id: int):
    """Go to the first unanswered question, or to the results."""
    attempt = own_attempt(attempt_id)
    position = attempts.next_position(attempt)
    if position is None:
        endpoint = "learn.result" if attempt.is_finished else "learn.all_answered"
        return redirect(url_for(endpoint, attempt_id=attempt.id))
    return redirect(url_for("learn.question", attempt_id=attempt.id, position=position))


@bp.get("/attempts/<int:attempt_id>/questions/<int:position>")
@login_required
def question(attempt_id: int, position: int):
    """One question, or its feedback once answered."""
    attempt = own_attempt(attempt_id)
    context = card_context(attempt, position)
    next_open = attempts.next_position(attempt)
    if context["answer"] is None and next_open is not None and position > next_open:
        return redirect(url_for("learn.question", attempt_id=attempt.id, position=next_open))
    return render_card(context)


@bp.post("/attempts/<int:attempt_id>/answer")
@writes_late
def answer(attempt_id: int):
    """Save one answer the moment it is given, then show its feedback."""
    question_id = request.form.get("question_id", "")
    if not current_user.is_authenticated:
        return logged_out_mid_quiz(attempt_id, question_id)
    target = own_answer_target(attempt_id, question_id)
    attempt, position = target.attempt, target.position
    if position is None:
        abort(400, answers.NOT_IN_QUIZ)
    form = answer_form()
    if not form.validate_on_submit():
        if form.choice.raw_data and form.certainty.raw_data:
            abort(400, _("That answer could not be read, so nothing was saved. Please try again."))
        return render_card(card_context(attempt, position, form=form), status=422)
    answer = answers.record_answer(
        target, form.choice.data, form.certainty.data, language=course_language()
    )
    attempts.finish_if_complete(attempt, answer.position)
    url = url_for("learn.question", attempt_id=attempt.id, position=answer.position)
    if swaps_card():
        return render_card(card_context(attempt, answer.position, answer=answer), page_url=url)
    if answer.earlier_answer_kept:
        flash(str(answers.EARLIER_ANSWER_KEPT), "info")
    return varies_by_htmx(redirect(url, code=303))


@bp.get("/attempts/<int:attempt_id>/finish")
@login_required
def all_answered(attempt_id: int):
    """Every question is answered: one button to see the results."""
    attempt = own_attempt(attempt_id)
    if attempt.is_finished:
        return redirect(url_for("learn.result", attempt_id=attempt.id))
    return render_template("learn/all_answered.html", attempt=attempt, form=StartForm())


@bp.post("/attempts/<int:attempt_id>/finish")
@login_required
def finish(attempt_id: int):
    """Score the attempt (once, however often this is sent)."""
    attempt = own_attempt(attempt_id)
    if not StartForm().validate_on_submit():
        abort(400)
    if not attempt.is_finished:
        attempts.finish_attempt(attempt)
    return redirect(url_for("learn.result", attempt_id=attempt.id), code=303)


@bp.get("/attempts/<int:attempt_id>/result")
@login_required
def result(attempt_id: int):
    """Score, certainty-based mark and the myths this quiz found still held."""
    attempt = own_attempt(attempt_id)
    if not attempt.is_finished:
        return redirect(url_for("learn.resume", attempt_id=attempt.id))
    return render_template("learn/result.html", **result_context(attempt))


@bp.get("/my-myths")
@login_required
def my_myths():
    """Every myth with where the learner stands on it, held ones first, each with
    the lesson that teaches it."""
    return render_template(
        "learn/my_myths.html",
        states=learner.myth_states(current_user.id, held_first=True),
        lessons=learner.teaching_lessons(course_language()),
        reviews=learner.reviews_due(current_user.id, clock.now()),
    )
