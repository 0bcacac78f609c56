"""What the question card and the result page show; shared by page and htmx views."""

from flask import Response, abort, current_app, make_response, render_template, request, session
from wtforms import SelectChoice

from .. import answers, attempts, clock, practice, scoring
from ..content import PRE_QUIZ, snapshot
from ..extensions import db
from ..models import Attempt, Lesson
from ..reading import course_language
from ..reports import history, learner
from .forms import AnswerForm, StartForm

# The lesson a learner opened (from an LMS link, say) before their myth check; the
# myth check's result page leads on to it.
LESSON_AFTER_MYTH_CHECK = "lesson_after_myth_check"


def _with_choices(form: AnswerForm, question: snapshot.QuestionEntry) -> AnswerForm:
    form.choice.choices = [SelectChoice(c.id, c.text) for c in question.active_choices]
    return form


def answer_form() -> AnswerForm:
    """The submitted form, bound to the choices of the question it claims to answer."""
    form = AnswerForm()
    question = snapshot.question(form.question_id.data or "", course_language())
    if question is None:
        abort(400, answers.NOT_IN_QUIZ)
    return _with_choices(form, question)


def card_context(
    attempt: Attempt,
    position: int,
    form: AnswerForm | None = None,
    answer: answers.GivenAnswer | None = None,
) -> dict:
    """What the card shows; `answer` saves looking up the one just given."""
    question_id = answer.question_id if answer else attempts.question_at(attempt, position)
    if question_id is None:
        abort(404)
    question = snapshot.question(question_id, course_language())
    answer = answer or answers.answer_to(attempt, position, question_id)
    picked = question.choice(answer.choice_id) if answer else None
    picked_myth = picked.myth if picked else None
    if form is None and answer is None:
        form = _with_choices(AnswerForm(question_id=question_id), question)
    total = attempt.n_items
    return {
        "attempt": attempt,
        "position": position,
        "total": total,
        "question": question,
        "choices": question.active_choices,
        "answer": answer,
        "picked": picked,
        "form": form,
        "safety_note": bool(picked_myth and picked_myth.dangerous),
        "picked_myth": picked_myth,
        "is_last": position == total,
        "certainty_labels": scoring.CERTAINTY_LABELS,
        "earlier_answer_kept": answers.EARLIER_ANSWER_KEPT,
    }


def swaps_card() -> bool:
    """An htmx request that replaces the card alone. A history restore (Back or
    Forward after the cache missed) sends HX-Request too, but needs the whole page."""
    return bool(request.headers.get("HX-Request")) and not request.headers.get(
        "HX-History-Restore-Request"
    )


def varies_by_htmx(response: Response) -> Response:
    """Say that the answer depends on HX-Request, so no cache serves a card for a page."""
    response.vary.add("HX-Request")
    return response


def render_card(context: dict, status: int = 200, page_url: str | None = None) -> Response:
    """The whole page, or only the card (plus the live region) for an htmx request;
    only the page shows the quiz's title, so only the page reads it.

    `page_url` replaces the address shown: an answer stays on its question's page,
    so a new history entry would make Back show the same question twice."""
    if not swaps_card():
        page = render_template(
            "learn/question.html",
            quiz_title=context["attempt"].quiz.in_language("title", course_language()),
            **context,
        )
        return varies_by_htmx(make_response(page, status))
    response = make_response(render_template("learn/_card_swap.html", **context), status)
    if page_url:
        response.headers["HX-Replace-Url"] = page_url
    return varies_by_htmx(response)


def result_context(attempt: Attempt) -> dict:
    myth_ids = history.attempt_myth_ids(attempt.id)
    held = [s for s in learner.myth_states(attempt.user_id, myth_ids) if s.held]
    next_lesson = _next_lesson(attempt.quiz.lesson) or _lesson_waiting(attempt)
    return {
        "attempt": attempt,
        "percent": scoring.percent(attempt.n_correct, attempt.n_items),
        "cbm_average": round((attempt.cbm_total or 0) / max(attempt.n_items, 1), 2),
        "held": held,
        "wrong_answers": history.wrong_answers(attempt.id, course_language()),
        "next_lesson": next_lesson,
        "lesson": attempt.quiz.lesson,
        "retry_missed": practice.retry_offer(attempt),
        "start_form": StartForm(),
        **learning_context(attempt.user_id),
    }


def learning_context(user_id: int) -> dict:
    """Reviews due, lesson mastery and the mastery goal, for the home and result pages."""
    goal = current_app.config["MASTERY_GOAL"]
    return {
        "reviews": learner.reviews_due(user_id, clock.now()),
        "mastery": learner.lesson_mastery(user_id, goal),
        "mastery_goal": round(100 * goal),
    }


def _lesson_waiting(attempt: Attempt) -> Lesson | None:
    lesson_id = session.get(LESSON_AFTER_MYTH_CHECK) if attempt.quiz_id == PRE_QUIZ else None
    lesson = db.session.get(Lesson, lesson_id) if lesson_id else None
    return lesson if lesson is not None and lesson.active else None


def _next_lesson(lesson: Lesson | None) -> Lesson | None:
    if lesson is None:
        return None
    return db.session.execute(
        db.select(Lesson)
        .where(Lesson.active, Lesson.position > lesson.position)
        .order_by(Lesson.position)
        .limit(1)
    ).scalar_one_or_none()
