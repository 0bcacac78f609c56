"""Certainty-based marks through the app, against hand-computed totals, and the
confident misconceptions report teachers and admins read."""

from quizapp.content import PRE_QUIZ
from quizapp.reports.myths import confident_misconceptions_by_myth
from quizapp.reports.scope import Scope

from ..conftest import make_class, make_user
from .helpers import answer, choice, finish, items, start
from .learning_helpers import attempt, take_pre_check

# (right?, certainty) for the 7 questions: 3 + 3 - 6 + 0 + 2 - 2 + 1 = +1, 4 of 7 right.
PATTERN = [(True, 3), (True, 3), (False, 3), (False, 1), (True, 2), (False, 2), (True, 1)]


def test_quiz_total_matches_the_hand_computed_marks(client, auth, student):
    auth.login(student)
    take_pre_check(auth, {})
    attempt_id = start(auth, "dependence-and-tolerance")
    question_ids = items(attempt_id)
    assert len(question_ids) == len(PATTERN)
    for question_id, (right, certainty) in zip(question_ids, PATTERN, strict=True):
        picked = choice(question_id, correct=right)
        answer(auth, attempt_id, question_id, picked.id, certainty=certainty)
    page = finish(auth, attempt_id).get_data(as_text=True)
    scored = attempt(attempt_id)
    assert (scored.n_correct, scored.cbm_total) == (4, 1)
    assert "57%" in page and "+1" in page
    assert page.index("What you missed (3)") < page.index("Myths you still hold")
    assert page.count("You picked:") == 3, "every wrong answer, not only the certain one"
    assert page.count("Right answer:") == 3
    assert page.count("You were certain") == 1
    assert page.index("You were certain") < page.index("You picked:"), "certain ones first"


def test_all_certain_and_wrong_scores_minus_six_each(client, auth, student):
    auth.login(student)
    attempt_id = start(auth, PRE_QUIZ)
    for question_id in items(attempt_id):
        answer(auth, attempt_id, question_id, choice(question_id, correct=False).id, certainty=3)
    finish(auth, attempt_id)
    scored = attempt(attempt_id)
    assert scored.cbm_total == -6 * scored.n_items
    assert scored.n_correct == 0


def as_student(auth, user, hold: dict[str, int]) -> None:
    auth.login(user)
    take_pre_check(auth, hold)
    auth.logout()


def test_confident_misconceptions_by_myth_per_class_and_overall(auth, teacher):
    first, second, outsider = make_user(), make_user(), make_user()
    classroom = make_class(teacher, students=[first, second])
    as_student(auth, first, {"pre-alcohol-is-fine": 3, "pre-addiction-takes-years": 2})
    as_student(auth, second, {"pre-alcohol-is-fine": 3, "pre-stop-cold-turkey": 3})
    as_student(auth, outsider, {"pre-alcohol-is-fine": 3})

    in_class = {
        row.myth_id: row
        for row in confident_misconceptions_by_myth(Scope(classroom_id=classroom.id))
    }
    assert set(in_class) == {"alcohol-is-fine", "stop-cold-turkey"}
    assert (in_class["alcohol-is-fine"].learners, in_class["alcohol-is-fine"].answers) == (2, 2)
    assert in_class["alcohol-is-fine"].dangerous

    everyone = confident_misconceptions_by_myth(Scope())
    assert [row.myth_id for row in everyone][:2] == ["alcohol-is-fine", "stop-cold-turkey"]
    assert everyone[0].learners == 3
    assert len(confident_misconceptions_by_myth(Scope(), limit=1)) == 1
