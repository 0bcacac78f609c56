"""Numbers a teacher can quote: the admin pages agree with an independent count from
the researcher export, and each figure means what the page says it means."""

import csv
import io
import math
import re
from collections import defaultdict
from datetime import timedelta

import pytest
import sqlalchemy as sa

from quizapp import attempts
from quizapp.content import POST_QUIZ, PRE_QUIZ, AttemptMode
from quizapp.extensions import db
from quizapp.models import Choice, Question, QuestionMyth, Quiz
from quizapp.synthetic import seed_synthetic
from tests.conftest import make_class, make_user
from tests.web import helpers
from tests.web.admin_helpers import DAY_ONE, DAY_TWO, admin_view, take
from tests.web.teach_helpers import switch

LESSON = "what-clonazepam-is"
ROUNDED = 5e-4 + 1e-9  # the CSV gives 3 decimals


def download(auth, admin, path: str) -> list[dict]:
    text = admin_view(auth, admin, path).get_data(as_text=True).lstrip("\ufeff")
    return list(csv.DictReader(io.StringIO(text)))


def course() -> dict:
    """The course as loaded: what a researcher has beside the export (questions/)."""
    questions = db.session.execute(sa.select(Question.id, Question.quiz_id)).all()
    choices = db.session.execute(
        sa.select(Choice.question_id, Choice.key, Choice.is_correct, Choice.myth_id)
    ).all()
    probes = defaultdict(set)
    for question_id, myth_id in db.session.execute(
        sa.select(QuestionMyth.question_id, QuestionMyth.myth_id)
    ):
        probes[question_id].add(myth_id)
    size = defaultdict(int)
    for _, quiz_id in questions:
        size[quiz_id] += 1
    return {
        "size": size,
        "myth_of": {(q, key): myth for q, key, _, myth in choices},
        "keys": {q: sorted(k for qq, k, *_ in choices if qq == q) for q, _ in questions},
        "probes": probes,
    }


def first_finished_attempts(answers: list[dict], size: dict) -> dict[int, list[dict]]:
    """Each learner's first full attempt at each quiz, kept when it was finished
    (every question answered: an attempt cannot be finished otherwise)."""
    by_attempt = defaultdict(list)
    for row in answers:
        by_attempt[int(row["attempt_id"])].append(row)
    first = {}
    for attempt_id in sorted(by_attempt):
        rows = by_attempt[attempt_id]
        key = (rows[0]["learner"], rows[0]["quiz_id"])
        if rows[0]["attempt_mode"] == AttemptMode.FULL and key not in first:
            first[key] = attempt_id
    return {
        a: by_attempt[a]
        for a in first.values()
        if len(by_attempt[a]) == size[by_attempt[a][0]["quiz_id"]]
    }


def pearson(xs: list[int], ys: list[int]) -> float | None:
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx, syy = sum((x - mx) ** 2 for x in xs), sum((y - my) ** 2 for y in ys)
    return sxy / math.sqrt(sxx * syy) if sxx and syy else None


def recount_items(attempts_: dict[int, list[dict]]) -> dict[str, dict]:
    """Facility, discrimination (item against the rest of the attempt) and picks."""
    per_item = defaultdict(lambda: {"right": [], "rest": [], "picks": defaultdict(int)})
    for rows in attempts_.values():
        score = sum(int(r["correct"]) for r in rows)
        for r in rows:
            item = per_item[r["question_id"]]
            item["right"].append(int(r["correct"]))
            item["rest"].append(score - int(r["correct"]))
            item["picks"][r["choice"]] += 1
    return {
        question_id: {
            "answers": len(item["right"]),
            "facility": sum(item["right"]) / len(item["right"]),
            "discrimination": pearson(item["right"], item["rest"]),
            "picks": dict(item["picks"]),
        }
        for question_id, item in per_item.items()
    }


def recount_myths(attempts_: dict[int, list[dict]], myth_of: dict, probes: dict) -> dict:
    """Per myth and check: learners answering about it, and those picking its choice."""
    counts = defaultdict(lambda: [0, 0])
    held_by = defaultdict(dict)
    for rows in attempts_.values():
        test = rows[0]["quiz_id"]
        if test not in (PRE_QUIZ, POST_QUIZ):
            continue
        for r in rows:
            for myth in probes[r["question_id"]]:
                held = myth_of[(r["question_id"], r["choice"])] == myth
                counts[(test, myth)][0] += 1
                counts[(test, myth)][1] += held
                held_by[(test, myth)][r["learner"]] = held
    return counts, held_by


def hake(before: float, after: float) -> float | None:
    return (before - after) / before if before else None


def test_admin_figures_match_a_recount_from_the_researcher_export(app, auth):
    seed_synthetic(students=150, classes=3, days=30, seed=21)
    admin = make_user("admin")
    answers = download(auth, admin, "/admin/export/answers.csv")
    shape = course()
    firsts = first_finished_attempts(answers, shape["size"])

    items = recount_items(firsts)
    page = admin_view(auth, admin, "/admin/items").get_data(as_text=True)
    table = download(auth, admin, "/admin/export/items.csv")
    checked = 0
    for row in table:
        expected = items.get(row["question_id"])
        if expected is None:
            assert int(row["answers"]) == 0
            continue
        assert int(row["answers"]) == expected["answers"]
        assert float(row["facility"]) == pytest.approx(expected["facility"], abs=ROUNDED)
        if expected["discrimination"] is not None:
            assert float(row["discrimination"]) == pytest.approx(
                expected["discrimination"], abs=ROUNDED
            )
        assert int(row["picks"]) == expected["picks"].get(row["choice"], 0)
        card = re.search(
            rf'<span class="code">{re.escape(row["question_id"])}</span>.*?'
            r"<dt>Facility</dt><dd>([\d.]+)</dd>",
            page,
            re.S,
        )
        assert card.group(1) == helpers.as_shown(expected["facility"], 2)
        checked += 1
    assert checked > 50

    counts, held_by = recount_myths(firsts, shape["myth_of"], shape["probes"])
    myths = download(auth, admin, "/admin/export/myths.csv")
    for row in myths:
        pre_n, pre_held = counts[(PRE_QUIZ, row["myth_id"])]
        post_n, post_held = counts[(POST_QUIZ, row["myth_id"])]
        assert (int(row["pre_answered"]), int(row["post_answered"])) == (pre_n, post_n)
        assert int(row["pre_holding_percent"]) == round(100 * pre_held / pre_n)
        assert int(row["post_holding_percent"]) == round(100 * post_held / post_n)
        gain = hake(pre_held / pre_n, post_held / post_n)
        assert float(row["normalized_gain"]) == pytest.approx(gain, abs=ROUNDED)
        before, after = held_by[(PRE_QUIZ, row["myth_id"])], held_by[(POST_QUIZ, row["myth_id"])]
        both = before.keys() & after.keys()
        assert int(row["matched_learners"]) == len(both) > 0
        matched = hake(
            sum(before[k] for k in both) / len(both), sum(after[k] for k in both) / len(both)
        )
        assert float(row["matched_normalized_gain"]) == pytest.approx(matched, abs=ROUNDED)


def learner_scores(app, auth, rights: list[int]) -> None:
    """One learner per entry, each answering that many of the lesson's questions right."""
    question_ids = helpers_questions(LESSON)
    for right in rights:
        take(app, auth, make_user("student"), LESSON, wrong=set(question_ids[right:]))


def helpers_questions(quiz_id: str) -> list[str]:
    return list(
        db.session.execute(
            sa.select(Question.id).filter_by(quiz_id=quiz_id).order_by(Question.position)
        ).scalars()
    )


def test_a_lessons_median_and_mean_are_exact(app, auth):
    n = len(helpers_questions(LESSON))
    learner_scores(app, auth, [1, 1, 4, 4])
    admin = make_user("admin")

    page = admin_view(auth, admin, "/admin/lessons").get_data(as_text=True)
    row = re.search(r"What clonazepam is.*?</tr>", page, re.S).group(0)
    cells = re.findall(r'<td class="num">([^<]*)</td>', row)
    median = 100 * (1 / n + 4 / n) / 2
    assert cells[-2] == f"{median:.0f}%", (
        "the median of an even count is the mean of the two middle"
    )
    assert "Too few to judge" in row

    lessons = download(auth, admin, "/admin/export/lessons.csv")
    exported = next(r for r in lessons if r["quiz_id"] == LESSON)
    assert float(exported["mean_score_percent"]) == round(100 * 10 / (4 * n), 1)
    assert float(exported["median_score_percent"]) == round(median, 1)


def untagged_wrong_choice(quiz_id: str) -> tuple[str, Choice, str]:
    """A question of the quiz, a wrong choice of it that reflects none of its myths, and
    one myth it probes."""
    rows = db.session.execute(
        sa.select(Question.id, Choice, QuestionMyth.myth_id)
        .join(Choice, Choice.question_id == Question.id)
        .join(QuestionMyth, QuestionMyth.question_id == Question.id)
        .where(Question.quiz_id == quiz_id, ~Choice.is_correct, Choice.active)
        .where(sa.or_(Choice.myth_id.is_(None), Choice.myth_id != QuestionMyth.myth_id))
        .order_by(Question.position)
    ).first()
    assert rows is not None, f"no wrong choice of {quiz_id} reflects none of its myths"
    return rows


def test_holding_a_myth_means_picking_its_own_choice_before_after_and_now(app, auth):
    question_id, other_wrong, myth_id = untagged_wrong_choice(PRE_QUIZ)
    learner, admin = make_user("student"), make_user("admin")
    app.config["CLOCK"] = lambda: DAY_ONE
    switch(auth, learner)
    attempt_id = attempts.start_attempt(learner.id, db.session.get(Quiz, PRE_QUIZ)).id
    for item in helpers.items(attempt_id):
        picked = other_wrong if item == question_id else helpers.choice(item)
        helpers.answer(auth, attempt_id, item, picked.id)
    helpers.finish(auth, attempt_id)

    rows = download(auth, admin, "/admin/export/myths.csv")
    row = next(r for r in rows if r["myth_id"] == myth_id)
    assert (row["pre_answered"], row["pre_holding_percent"]) == ("1", "0")
    assert row["now_holding_percent"] in ("0", "")


@pytest.fixture
def one_class_two_days(app, auth):
    """A class whose learner picks a myth while certain on day one, and answers
    everything right on day two."""
    teacher, learner = make_user("teacher"), make_user("student")
    classroom = make_class(teacher, "Dates", students=[learner])
    app.config["CLOCK"] = lambda: DAY_ONE
    switch(auth, learner)
    attempt_id = attempts.start_attempt(learner.id, db.session.get(Quiz, PRE_QUIZ)).id
    first = helpers.items(attempt_id)[0]
    for item in helpers.items(attempt_id):
        mythical = helpers.choice(item, myth=True) if item == first else None
        helpers.answer(auth, attempt_id, item, (mythical or helpers.choice(item)).id, certainty=3)
    helpers.finish(auth, attempt_id)
    take(app, auth, learner, POST_QUIZ, when=DAY_TWO)
    return classroom


def test_the_date_filter_reaches_retention_and_certain_but_wrong(auth, one_class_two_days):
    admin = make_user("admin")
    base = f"/admin/myths?classroom={one_class_two_days.id}"
    whole = admin_view(auth, admin, base).get_data(as_text=True)
    assert "Certain, but wrong" in whole
    day = DAY_TWO.date().isoformat()
    later = admin_view(auth, admin, f"{base}&start={day}&end={day}").get_data(as_text=True)
    assert "Certain, but wrong" not in later
    retention = later.split('id="retention-table-heading"')[1]
    total = re.search(r'<tr class="total">.*?</tr>', retention, re.S).group(0)
    assert "(0)" in total.split("</td>")[0], "the check before the lessons was on day one"


def test_matched_gain_beside_the_unmatched_with_its_n(app, auth):
    pre = helpers_questions(PRE_QUIZ)
    both, before_only = make_user("student"), make_user("student")
    take(app, auth, both, PRE_QUIZ, wrong=set(pre))
    take(app, auth, both, POST_QUIZ, when=DAY_TWO)
    take(app, auth, before_only, PRE_QUIZ)
    admin = make_user("admin")
    page = admin_view(auth, admin, "/admin/myths").get_data(as_text=True)
    assert "(1 matched)" in page
    assert "Too few to judge" in page


def test_the_efficacy_report_gives_matched_shares_with_wilson_intervals(app, auth):
    pre = helpers_questions(PRE_QUIZ)
    believer, learner = make_user("student"), make_user("student")
    take(app, auth, believer, PRE_QUIZ, wrong=set(pre))
    take(app, auth, learner, PRE_QUIZ)
    for user in (believer, learner):
        take(app, auth, user, POST_QUIZ, when=DAY_TWO + timedelta(days=1))
    admin = make_user("admin")
    page = admin_view(auth, admin, "/admin/efficacy").get_data(as_text=True)

    assert re.search(r"<strong>2</strong> learners took the myth check both before and after", page)
    assert "Wilson" in page
    held_in_pre = {
        myth
        for myth, tagged in db.session.execute(
            sa.select(QuestionMyth.myth_id, Choice.myth_id)
            .join(Choice, Choice.question_id == QuestionMyth.question_id)
            .where(Choice.question_id.in_(pre), ~Choice.is_correct)
        )
        if myth == tagged
    }
    # 1 of 2 held the myth before (the Wilson 95% interval of 1/2 is 9.5% to 90.5%).
    assert (
        held_in_pre and page.count('<strong>50%</strong><br><span class="meta nowrap">9–91%') >= 1
    )
