"""Safety routing: an answer that reveals a dangerous belief gets a calm safety
note and the Get help link, whatever the certainty or the score."""

import pytest
from markupsafe import escape

from quizapp.content import PRE_QUIZ
from quizapp.extensions import db
from quizapp.models import Choice, Myth

from .helpers import answer, choice, start
from .learning_helpers import choice_rows

SAFETY = 'aria-label="Safety note"'


def safety_note(page: str) -> str:
    """The safety note's own markup (the footer links to /help on every page)."""
    assert SAFETY in page
    return page[page.index(SAFETY) : page.index("</aside>", page.index(SAFETY))]


def dangerous_myths() -> list[str]:
    return list(db.session.execute(db.select(Myth.id).filter_by(dangerous=True)).scalars())


def feedback(auth, attempt_id: int, question_id: str, picked: Choice, certainty=2, **kw) -> str:
    response = answer(auth, attempt_id, question_id, picked.id, certainty=certainty, **kw)
    if response.status_code == 303:
        response = auth.client.get(response.location)
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.fixture
def pre(auth, student):
    auth.login(student)
    return start(auth, PRE_QUIZ)


@pytest.mark.parametrize("certainty", [1, 3])
def test_every_dangerous_myth_picked_shows_the_note_at_any_certainty(auth, pre, certainty):
    myths = dangerous_myths()
    assert myths, "the course marks some myths dangerous"
    for myth_id in myths:
        question_id = f"pre-{myth_id}"
        picked = next(c for c in choice_rows(question_id) if c.myth_id == myth_id)
        page = feedback(auth, pre, question_id, picked, certainty)
        assert 'href="/help">See where to get help</a>' in safety_note(page), myth_id


def test_right_answers_and_harmless_myths_get_no_note(auth, pre):
    right = feedback(auth, pre, "pre-stop-cold-turkey", choice("pre-stop-cold-turkey"), 1)
    assert "Correct" in right and SAFETY not in right
    harmless = choice("pre-addiction-takes-years", myth=True)
    assert not db.session.get(Myth, harmless.myth_id).dangerous
    page = feedback(auth, pre, "pre-addiction-takes-years", harmless, 3)
    assert "Not quite" in page and SAFETY not in page


def test_a_wrong_answer_that_reveals_no_belief_gets_no_note(auth, pre):
    """Choice c of this question is wrong but reflects no myth."""
    picked = next(c for c in choice_rows("pre-stop-cold-turkey") if c.key == "c")
    assert (picked.is_correct, picked.myth_id) == (False, None)
    page = feedback(auth, pre, "pre-stop-cold-turkey", picked, 3)
    assert "Not quite" in page and SAFETY not in page


def test_the_note_comes_with_the_htmx_swap_too(auth, pre):
    picked = choice("pre-alcohol-is-fine", myth=True)
    page = feedback(auth, pre, "pre-alcohol-is-fine", picked, 2, headers={"HX-Request": "true"})
    assert SAFETY in page
    assert "<html" not in page


def test_the_note_is_the_myths_own_and_the_card_names_the_myth_once(auth, pre):
    """The feedback names the myth; the box under it keeps only the fact."""
    myth = db.session.get(Myth, "sleep-it-off")
    page = feedback(auth, pre, "pre-sleep-it-off", choice("pre-sleep-it-off", myth=True), 2)
    assert str(escape(myth.safety_note)) in page
    assert str(escape(myth.statement)) not in page
    assert page.count(str(escape(myth.fact))) == 1
    assert "In an emergency, call 911." not in page, "the note already says to call 911"
    other = db.session.get(Myth, "withdrawal-mild")
    page = feedback(auth, pre, "pre-withdrawal-mild", choice("pre-withdrawal-mild", myth=True))
    assert str(escape(other.safety_note)) in page
    assert "In an emergency, call 911." in page
