"""Admin figures: the right numbers, every filter applied, tallies equal to a direct count."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from quizapp.admin.charts import activity_chart
from quizapp.content import POST_QUIZ, PRE_QUIZ
from quizapp.extensions import db
from quizapp.models import ItemTally, Question, QuizTally
from quizapp.reports import items
from quizapp.reports.activity import DayActivity, activity, lesson_stats, overview
from quizapp.reports.items import item_stats
from quizapp.reports.myth_outcomes import myth_outcomes, surviving_myths
from quizapp.reports.scope import Scope
from tests.conftest import make_class, make_user
from tests.web import helpers
from tests.web.admin_helpers import DAY_ONE, DAY_TWO, MYTHS, admin_view, pre_and_post, take


def questions(quiz_id: str) -> list[str]:
    return list(
        db.session.execute(
            sa.select(Question.id).filter_by(quiz_id=quiz_id).order_by(Question.position)
        ).scalars()
    )


@pytest.fixture
def two_classes(app, auth):
    """Class A: s1 finished the myth check on day one, s2 left it half done.
    Class B: s3 finished it on day two."""
    teacher_a, teacher_b = make_user("teacher"), make_user("teacher")
    s1, s2, s3 = (make_user("student") for _ in range(3))
    class_a = make_class(teacher_a, "A", students=[s1, s2])
    class_b = make_class(teacher_b, "B", students=[s3])
    take(app, auth, s1, PRE_QUIZ)
    take(app, auth, s2, PRE_QUIZ, finish=False)
    take(app, auth, s3, PRE_QUIZ, when=DAY_TWO)
    return class_a, class_b, teacher_b


def test_overview_counts_people_quizzes_and_answers(two_classes):
    totals = overview(Scope())

    assert (totals.students, totals.teachers, totals.classes) == (3, 2, 2)
    assert (totals.attempts_started, totals.attempts_finished, totals.answers) == (
        3,
        2,
        2 * MYTHS + 1,
    )


def test_every_filter_narrows_the_overview(two_classes):
    class_a, _, teacher_b = two_classes

    by_class = overview(Scope(classroom_id=class_a.id))
    by_teacher = overview(Scope(teacher_id=teacher_b.id))
    day_two = overview(Scope(start=DAY_TWO.date(), end=DAY_TWO.date()))

    assert (by_class.students, by_class.attempts_started, by_class.answers) == (2, 2, MYTHS + 1)
    assert (by_class.attempts_finished, by_class.classes, by_class.teachers) == (1, 1, 1)
    assert (by_teacher.students, by_teacher.attempts_finished, by_teacher.answers) == (1, 1, MYTHS)
    assert (day_two.attempts_started, day_two.answers) == (1, MYTHS)


def test_activity_counts_quizzes_per_day(two_classes):
    days = {row.day: (row.started, row.finished) for row in activity(Scope())}

    assert days == {DAY_ONE.date(): (2, 1), DAY_TWO.date(): (1, 1)}


def test_lesson_stats_count_learners_scores_and_time(app, auth):
    learner, other = make_user("student"), make_user("student")
    lesson_items = questions("what-clonazepam-is")
    take(app, auth, learner, "what-clonazepam-is", wrong=set(lesson_items[:1]), minutes=4)
    take(app, auth, learner, "what-clonazepam-is", when=DAY_TWO, minutes=2)  # a retake
    take(app, auth, other, "what-clonazepam-is", finish=False)

    row = next(s for s in lesson_stats(Scope()) if s.quiz_id == "what-clonazepam-is")

    assert (row.started, row.finished, row.completion) == (2, 1, 50)
    first = 100 * (len(lesson_items) - 1) / len(lesson_items)
    assert row.mean_percent == pytest.approx((first + 100) / 2)  # from the exact shares
    assert row.median_percent == pytest.approx((first + 100) / 2)  # the mean of the two
    assert row.median_seconds == (240 + 120) / 2


def test_myth_outcomes_and_gain(app, auth):
    believer, learner = make_user("student"), make_user("student")
    pre, post = questions(PRE_QUIZ), questions(POST_QUIZ)
    pre_and_post(app, auth, believer, pre_wrong=pre, post_wrong=post[:1])
    pre_and_post(app, auth, learner, pre_wrong=pre)

    outcomes = myth_outcomes(Scope())
    stuck = outcomes[0]
    fixed = outcomes[1]

    assert (stuck.pre_percent, stuck.post_percent, stuck.gain) == (100, 50, 0.5)
    assert (fixed.pre_percent, fixed.post_percent, fixed.gain) == (100, 0, 1.0)
    assert stuck.probed == 2
    assert surviving_myths(outcomes) == [stuck]


def test_item_stats_count_first_finished_attempts_only(app, auth):
    learner = make_user("student")
    first = take(app, auth, learner, PRE_QUIZ, wrong=set(questions(PRE_QUIZ)[:3]))
    take(app, auth, learner, PRE_QUIZ, when=DAY_TWO)  # a second try is not in the analysis
    helpers.finish(auth, first)  # finishing again changes nothing

    stats = {item.question_id: item for item in item_stats(Scope(), PRE_QUIZ)}

    assert {item.answers for item in stats.values()} == {1}
    assert stats[questions(PRE_QUIZ)[0]].facility == 0
    assert stats[questions(PRE_QUIZ)[5]].facility == 1
    assert db.session.execute(sa.select(sa.func.sum(ItemTally.answers))).scalar() == MYTHS


def test_tallies_equal_a_direct_count(app, auth):
    """A teacher whose class holds every learner sees, computed from the answers,
    exactly what the tallies say for everyone."""
    learners = [make_user("student") for _ in range(3)]
    teacher = make_user("teacher")
    make_class(teacher, students=learners)
    pre, post = questions(PRE_QUIZ), questions(POST_QUIZ)
    pre_and_post(app, auth, learners[0], pre_wrong=pre[:5], post_wrong=post[:1])
    pre_and_post(app, auth, learners[1], pre_wrong=pre[3:9])
    take(app, auth, learners[2], PRE_QUIZ, wrong=pre[::2], minutes=12)
    take(app, auth, learners[2], "what-clonazepam-is", when=DAY_TWO, minutes=75)
    take(app, auth, learners[1], "what-clonazepam-is", when=DAY_TWO, finish=False)
    everyone, direct = Scope(), Scope(teacher_id=teacher.id)
    assert db.session.execute(sa.select(sa.func.count()).select_from(QuizTally)).scalar() > 0

    for report in (lesson_stats, activity, myth_outcomes, item_stats):
        assert report(everyone) == report(direct), report.__name__
    assert overview(everyone).attempts_started == overview(direct).attempts_started == 7


def test_point_biserial_matches_a_plain_correlation():
    import statistics

    item = [1, 1, 0, 1, 0, 0, 1, 1]
    rest = [9, 7, 3, 8, 5, 2, 6, 4]
    sums = (len(item), sum(item), sum(rest), sum(r * r for r in rest))
    xr = sum(i * r for i, r in zip(item, rest, strict=True))

    assert items.point_biserial(*sums, xr) == pytest.approx(statistics.correlation(item, rest))
    assert items.point_biserial(3, 3, 6, 14, 6) is None  # everyone right: undefined


def test_flags_name_what_is_suspect():
    def item(correct, picks, discrimination):
        choices = [
            items.ChoiceStat(key, "", key == "a", None, n)
            for key, n in zip("abc", picks, strict=True)
        ]
        return items.ItemStat(
            "q", "quiz", "Quiz", "Stem", sum(picks), correct, discrimination, choices
        )

    assert item(98, [98, 2, 0], 0.2).flags == [
        "Very easy: facility above 0.95",
        "Distractor nobody picks: C",
    ]
    assert item(10, [10, 50, 40], -0.1).flags == [
        "Very hard: facility below 0.20",
        "Negative discrimination: stronger learners miss it more",
    ]
    assert item(60, [60, 30, 10], 0.3).flags == []
    assert item(5, [5, 0, 0], None).flags == []  # too few answers to say


def test_pages_show_the_figures(app, auth, admin, two_classes):
    class_a, _, _ = two_classes

    overview_page = admin_view(auth, admin, f"/admin/?classroom={class_a.id}").get_data(
        as_text=True
    )
    lessons_page = admin_view(auth, admin, "/admin/lessons").get_data(as_text=True)
    myths_page = admin_view(auth, admin, "/admin/myths").get_data(as_text=True)
    items_page = admin_view(auth, admin, "/admin/items?suspect=y").get_data(as_text=True)

    assert "class A · all dates" in overview_page
    assert "<svg" in overview_page and 'role="img"' in overview_page
    assert "Myth check (before the lessons)" in lessons_page
    assert "Myths the course fails to correct" in myths_page
    assert "look suspect" in items_page
    for page in (overview_page, lessons_page, myths_page, items_page):
        assert "style=" not in page
        assert "table-wrap" in page or "item-list" in page or "look suspect" in page


def test_items_page_flags_suspect_items(app, auth, admin, monkeypatch):
    monkeypatch.setattr(items, "MIN_ANSWERS", 1)
    take(app, auth, make_user("student"), PRE_QUIZ)

    page = admin_view(auth, admin, f"/admin/items?quiz={PRE_QUIZ}&suspect=y").get_data(as_text=True)

    assert "Very easy: facility above 0.95" in page
    assert "Distractor nobody picks" in page
    assert f"{MYTHS}</strong> of the questions in view look suspect" in page


def test_bad_filters_are_named_and_not_applied(auth, admin, two_classes):
    page = admin_view(auth, admin, "/admin/?start=2026-03-09&end=2026-03-01").get_data(as_text=True)

    assert "The end date is before the start date." in page
    assert "could not be used, so the page shows everything" in page
    assert auth.client.get("/admin/lessons?classroom=abc").status_code == 200


def test_the_chart_switches_to_weeks_over_long_ranges():
    first = date(2026, 1, 1)  # a Thursday
    days = [DayActivity(first + timedelta(days=n), 2, 1) for n in range(90)]

    weekly = activity_chart(days, None, None)
    daily = activity_chart(days[:10], None, None)

    assert weekly.unit == "week" and weekly.peak == 14
    assert weekly.bars[0].start == date(2025, 12, 29) and weekly.bars[0].started == 8
    assert daily.unit == "day" and len(daily.bars) == 10
    assert {bar.started_y for bar in daily.bars} == {0}
    assert activity_chart([], None, None).bars == []


def test_hostile_filters_are_refused_not_run(auth, admin):
    auth.login(admin)

    for path in ("/admin/items?quiz=%00", "/admin/?start=%00", "/admin/lessons?teacher=%00x"):
        assert auth.client.get(path).status_code == 400
    assert auth.client.get("/admin/export/answers.csv?classroom=%00").status_code == 400
