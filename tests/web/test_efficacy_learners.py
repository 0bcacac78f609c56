"""The efficacy report's "All myths" row counts learners, not answers: each matched
learner's share of myths held, averaged, with a 95% t interval over learners,
checked against a hand computation."""

import math

import pytest
import sqlalchemy as sa

from quizapp import attempts
from quizapp.content import POST_QUIZ, PRE_QUIZ
from quizapp.extensions import db
from quizapp.models import Choice, QuestionMyth, Quiz
from quizapp.reports.myth_checks import pre_post, t_975
from quizapp.reports.scope import Scope

from ..conftest import make_user
from .admin_helpers import DAY_ONE, DAY_TWO, MYTHS, admin_view
from .helpers import answer, finish, items
from .teach_helpers import switch

T_2 = 4.3027  # the t distribution's 97.5% point, 2 degrees of freedom (a t table)


def myth_choice(question_id: str) -> Choice:
    """The choice that reflects the myth the question probes."""
    return (
        db.session.execute(
            sa.select(Choice)
            .join(QuestionMyth, QuestionMyth.question_id == Choice.question_id)
            .where(Choice.question_id == question_id, Choice.myth_id == QuestionMyth.myth_id)
            .order_by(Choice.position)
        )
        .scalars()
        .first()
    )


def right_choice(question_id: str) -> Choice:
    return (
        db.session.execute(
            sa.select(Choice).filter_by(question_id=question_id, is_correct=True, active=True)
        )
        .scalars()
        .first()
    )


def check_holding(app, auth, user, quiz_id: str, holding: int, when) -> None:
    """`user` takes the myth check at `when`, picking the myth on its first `holding` items."""
    app.config["CLOCK"] = lambda: when
    switch(auth, user)
    attempt_id = attempts.start_attempt(user.id, db.session.get(Quiz, quiz_id)).id
    for index, question_id in enumerate(items(attempt_id)):
        picked = myth_choice(question_id) if index < holding else right_choice(question_id)
        assert answer(auth, attempt_id, question_id, picked.id).status_code == 303
    finish(auth, attempt_id)


@pytest.fixture
def three_learners(app, auth):
    """Before: 8, 10 and 12 myths held; after: 0, 1 and 2."""
    for before, after in ((8, 0), (10, 1), (12, 2)):
        learner = make_user("student")
        check_holding(app, auth, learner, PRE_QUIZ, before, DAY_ONE)
        check_holding(app, auth, learner, POST_QUIZ, after, DAY_TWO)


def by_hand(held: list[int]) -> tuple[float, float, float]:
    """Mean share held over learners and its 95% t interval, as a person computes them."""
    shares = [h / MYTHS for h in held]
    mean = sum(shares) / len(shares)
    sd = math.sqrt(sum((s - mean) ** 2 for s in shares) / (len(shares) - 1))
    half = T_2 * sd / math.sqrt(len(shares))
    return mean, max(0.0, mean - half), min(1.0, mean + half)


def test_all_myths_is_the_mean_learner_with_an_interval_over_learners(three_learners):
    total = pre_post(Scope()).matched[-1]
    assert total.statement == "All myths"
    for check, held in ((total.pre, [8, 10, 12]), (total.post, [0, 1, 2])):
        mean, low, high = by_hand(held)
        assert check.n == 3
        assert check.share == pytest.approx(mean)
        assert check.interval == pytest.approx((low, high), abs=1e-4)
    assert total.gain == pytest.approx(0.9)


def test_the_page_shows_the_learner_interval_and_says_what_it_is(auth, three_learners):
    page = admin_view(auth, make_user("admin"), "/admin/efficacy").get_data(as_text=True)
    total = page[page.index('<tr class="total">') :]
    total = total[: total.index("</tr>")]
    # Before: 10/18 = 55.6%, sd 2/18, so 55.6% ± 4.303 × 0.111 / √3 = 27.9% to 83.2%.
    assert '<strong>56%</strong><br><span class="meta nowrap">28–83%</span>' in total
    # After: 1/18 = 5.6% ± 13.8%, cut at 0.
    assert '<strong>6%</strong><br><span class="meta nowrap">0–19%</span>' in total
    assert total.count("n = 3") == 2
    assert "t interval of that average over learners" in page
    assert "narrower than it should be" not in page


def test_t_975_matches_the_t_table():
    table = {1: 12.706, 2: 4.303, 3: 3.182, 5: 2.571, 10: 2.228, 20: 2.086, 60: 2.000}
    for df, value in table.items():
        assert t_975(df) == pytest.approx(value, abs=0.005 if df == 3 else 0.001)
