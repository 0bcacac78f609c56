"""What the projector and a student's phone show of a session, built for the
templates (which never query)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice

from .. import answers, scoring
from ..content import POST_QUIZ, PRE_QUIZ, snapshot
from ..learn.forms import AnswerForm
from ..reading import course_language
from ..reports import classes as class_reports
from ..reports import live as live_reports
from ..teach.classes import qr_svg
from ..templating import public_url
from . import seats, service
from .forms import ControlForm
from .models import LiveSession, LiveState

# The teacher's buttons in each state, in the order shown.
CONTROLS = {
    LiveState.LOBBY: ("start", "end"),
    LiveState.QUESTION: ("reveal", "pause", "end"),
    LiveState.REVEALED: ("next", "pause", "end"),
    LiveState.PAUSED: ("resume", "end"),
    LiveState.ENDED: (),
}
CONTROL_LABELS = {
    "start": _l("Start"),
    "reveal": _l("Reveal"),
    "next": _l("Next question"),
    "finish": _l("Finish"),
    "pause": _l("Pause"),
    "resume": _l("Resume"),
    "end": _l("End session"),
}


@dataclass(frozen=True)
class Bar:
    """One choice in the reveal's chart."""

    text: str
    count: int
    percent: int
    is_correct: bool


def session_sources() -> list[tuple[str, str]]:
    """What a session can ask: the class's myths, the myth check, each lesson quiz."""
    lessons = [
        (quiz_id, label)
        for quiz_id, label in class_reports.assignable_quizzes(course_language())
        if quiz_id not in (PRE_QUIZ, POST_QUIZ)
    ]
    return [
        (service.CLASS_MYTHS, str(_l("The myths this class holds most"))),
        (service.MYTH_CHECK, str(_l("The myth check"))),
        *lessons,
    ]


def _controls(session: LiveSession) -> list[tuple[str, str]]:
    buttons = []
    for action in CONTROLS[session.state]:
        last = action == "next" and session.position >= session.total
        buttons.append((action, CONTROL_LABELS["finish" if last else action]))
    return buttons


def _myths_of(question: snapshot.QuestionEntry) -> list[snapshot.MythEntry]:
    found = {}
    for choice in question.choices:
        if choice.myth is not None and choice.myth.id in question.myth_ids:
            found.setdefault(choice.myth.id, choice.myth)
    return list(found.values())


def _bars(session: LiveSession, question: snapshot.QuestionEntry) -> tuple[list[Bar], int]:
    counts, certain_wrong = live_reports.choice_counts(session.id, question.id)
    total = sum(counts.values())
    bars = [
        Bar(
            c.text,
            counts.get(c.id, 0),
            round(100 * counts.get(c.id, 0) / total) if total else 0,
            c.is_correct,
        )
        for c in question.active_choices
    ]
    return bars, certain_wrong


def projector_context(session: LiveSession, classroom) -> dict:
    """Everything the projector shows in the session's state."""
    question_id = session.current_question_id
    question = snapshot.question(question_id, course_language()) if question_id else None
    joined, answered = live_reports.joined_and_answered(session.id, question_id)
    context = {
        "session": session,
        "classroom": classroom,
        "question": question,
        "controls": _controls(session),
        "control_form": ControlForm(version=session.version),
        "joined": joined,
        "answered": answered,
        "seconds_left": service.seconds_left(session),
    }
    if session.state == LiveState.LOBBY:
        url = public_url("live.join", session_code=session.join_code)
        context.update(join_url=url, qr=qr_svg(url), code_url=public_url("live.index"))
    if session.state == LiveState.REVEALED and question is not None:
        bars, certain_wrong = _bars(session, question)
        right = next((c for c in question.active_choices if c.is_correct), None)
        context.update(bars=bars, certain_wrong=certain_wrong, right=right)
        context["myths"] = _myths_of(question)
    if session.class_goal:
        asked = session.question_ids[: session.position]
        context["busted"] = live_reports.myths_busted(session.id, asked)
    if session.nicknames and session.state in (LiveState.REVEALED, LiveState.ENDED):
        context["board"] = live_reports.nickname_board(session.id)
    return context


def answer_form_for(question: snapshot.QuestionEntry, form: AnswerForm | None = None) -> AnswerForm:
    form = form or AnswerForm(question_id=question.id)
    form.choice.choices = [SelectChoice(c.id, c.text) for c in question.active_choices]
    return form


def student_context(seat: seats.StudentSeat, form: AnswerForm | None = None) -> dict:
    """The student's screen: the open question, waiting, or the feedback on reveal."""
    session, member = seat.session, seat.member
    question_id = session.current_question_id
    question = snapshot.question(question_id, course_language()) if question_id else None
    answer = seat.answer if question is not None else None
    picked = question.choice(answer.choice_id) if (answer and question) else None
    picked_myth = picked.myth if picked else None
    open_now = question is not None and service.is_answerable(session, question_id)
    return {
        "session": session,
        "member": member,
        "question": question,
        "answer": answer,
        "open_now": open_now,
        "form": answer_form_for(question, form) if open_now and answer is None else None,
        "choices": question.active_choices if question else [],
        "picked": picked,
        "picked_myth": picked_myth,
        "safety_note": bool(picked_myth and picked_myth.dangerous),
        "certainty_labels": scoring.CERTAINTY_LABELS,
        "earlier_answer_kept": answers.EARLIER_ANSWER_KEPT,
        "seconds_left": service.seconds_left(session),
    }


def question_in(session: LiveSession, question_id: str) -> snapshot.QuestionEntry:
    """A question of this session, or a 400 naming the problem."""
    question = snapshot.question(question_id, course_language())
    if question is None or question_id not in session.question_ids:
        abort(400, answers.NOT_IN_QUIZ)
    return question


@dataclass(frozen=True)
class QuestionResult:
    position: int
    stem: str
    answered: int
    correct: int
    certain_wrong: int

    @property
    def percent(self) -> int:
        return round(100 * self.correct / self.answered) if self.answered else 0


def results_context(session: LiveSession, classroom) -> dict:
    """Per question and per myth, for the teacher after the session."""
    language = course_language()
    by_question = live_reports.question_results(session.id)
    questions = []
    myth_entries: dict[str, snapshot.MythEntry] = {}
    for position, question_id in enumerate(session.question_ids, 1):
        question = snapshot.question(question_id, language)
        row = by_question.get(question_id)
        questions.append(
            QuestionResult(
                position,
                question.stem if question else question_id,
                row.answered if row else 0,
                row.correct if row else 0,
                row.certain_wrong if row else 0,
            )
        )
        for myth in _myths_of(question) if question else ():
            myth_entries.setdefault(myth.id, myth)
    by_myth = live_reports.myth_results(session.id)
    myth_rows = [(myth, by_myth.get(myth_id)) for myth_id, myth in myth_entries.items()]
    return {
        "session": session,
        "classroom": classroom,
        "joined": live_reports.joined_count(session.id),
        "questions": questions,
        "myth_rows": myth_rows,
    }
