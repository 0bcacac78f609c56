"""Drive the student loop through the test client, as a browser would."""

import html
import re
from decimal import ROUND_HALF_EVEN, Decimal
from html.parser import HTMLParser

from quizapp import answers, attempts
from quizapp.content import PRE_QUIZ
from quizapp.extensions import db
from quizapp.models import Answer, AttemptItem, Choice, Quiz

ATTEMPT_URL = re.compile(r"/attempts/(\d+)")


def as_shown(value: float, places: int) -> str:
    """A figure as the pages print it: Babel rounds the decimal the float reads as
    (0.475 is "0.475"), half to even, where an f-string rounds the binary float."""
    return str(Decimal(str(value)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_EVEN))


def start(auth, quiz_id: str) -> int:
    response = auth.post(f"/quizzes/{quiz_id}/start")
    assert response.status_code == 303, response.get_data(as_text=True)
    return int(ATTEMPT_URL.search(response.location).group(1))


def items(attempt_id: int) -> list[str]:
    return list(
        db.session.execute(
            db.select(AttemptItem.question_id)
            .filter_by(attempt_id=attempt_id)
            .order_by(AttemptItem.position)
        ).scalars()
    )


def choice(question_id: str, correct: bool = True, myth: bool = False) -> Choice:
    query = db.select(Choice).filter_by(question_id=question_id, active=True)
    if myth:
        query = query.where(Choice.myth_id.is_not(None))
    else:
        query = query.filter_by(is_correct=correct)
    return db.session.execute(query.order_by(Choice.position)).scalars().first()


def answer(auth, attempt_id: int, question_id: str, choice_id: int, certainty: int = 2, **kw):
    return auth.post(
        f"/attempts/{attempt_id}/answer",
        {"question_id": question_id, "choice": str(choice_id), "certainty": str(certainty)},
        **kw,
    )


def answer_all(auth, attempt_id: int, wrong: set[str] = frozenset()) -> None:
    for question_id in items(attempt_id):
        picked = choice(question_id, correct=question_id not in wrong)
        response = answer(auth, attempt_id, question_id, picked.id)
        assert response.status_code == 303


def finish(auth, attempt_id: int):
    response = auth.post(f"/attempts/{attempt_id}/finish")
    assert response.status_code == 303
    return auth.client.get(response.location)


def answer_count(attempt_id: int) -> int:
    return db.session.execute(
        db.select(db.func.count(Answer.id)).filter_by(attempt_id=attempt_id)
    ).scalar()


def finish_pre_check(user) -> None:
    """The pre myth check taken (every answer right) straight through the attempt
    rules, for tests that start at a lesson: lessons open only after it."""
    pre = db.session.get(Quiz, PRE_QUIZ)
    attempt = attempts.start_attempt(user.id, pre)
    for question_id in items(attempt.id):
        target = answers.answer_target(attempt.id, question_id)
        answers.record_answer(target, choice(question_id).id, 1)
    attempts.finish_attempt(attempt)


class _Forms(HTMLParser):
    """The forms of a page: action, method and the values its fields send as rendered."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action", ""), "fields": {}})
        elif tag == "textarea" and self.forms and attrs.get("name"):
            self._textarea = attrs["name"]
            self.forms[-1]["fields"].setdefault(self._textarea, "")
        elif tag in ("input", "select", "button") and self.forms and attrs.get("name"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.forms[-1]["fields"].setdefault(attrs["name"], attrs.get("value") or "")

    def handle_data(self, data):
        if self._textarea:
            self.forms[-1]["fields"][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None


def submit_rendered_form(client, path: str, action_part: str, changes: dict | None = None):
    """Open `path`, find the form whose action contains `action_part` (an empty one:
    the form that posts back to the page) and send it as a browser would: its rendered
    fields (CSRF token included) with `changes` typed in."""
    return submit_form_on(client, client.get(path), path, action_part, changes)


def submit_form_on(client, page, path: str, action_part: str, changes: dict | None = None):
    """Send a form of a page already in hand (a confirmation page, say) as a browser
    would; `path` is the page's own address, for a form that posts back to it."""
    parser = _Forms()
    parser.feed(page.get_data(as_text=True))
    form = next(
        f
        for f in parser.forms
        if (action_part in html.unescape(f["action"]) if action_part else not f["action"])
    )
    action = html.unescape(form["action"]) or path
    return client.post(action, data={**form["fields"], **(changes or {})})
