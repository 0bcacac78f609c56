"""Ask before a destructive change, without JavaScript.

The button on the page posts its form as it is; that first POST only renders a
page that says what will happen, carrying the same fields plus `confirm=yes`.
Only the second POST makes the change, so a slip of the thumb changes nothing.
"""

from dataclasses import dataclass

from flask import render_template, request

CONFIRM_FIELD = "confirm"
NOT_RESENT = {"csrf_token", CONFIRM_FIELD}


@dataclass(frozen=True)
class Question:
    title: str
    consequence: str
    button: str
    cancel_url: str


def confirmed() -> bool:
    """True when the person has already seen the confirmation page and pressed its button."""
    return request.form.get(CONFIRM_FIELD) == "yes"


def ask(question: Question):
    """The confirmation page: the same POST again, with `confirm=yes`."""
    fields = [(k, v) for k, v in request.form.items(multi=True) if k not in NOT_RESENT]
    return render_template("confirm.html", question=question, action=request.path, fields=fields)
