"""CSV exports: every table with the page's filters; the answers without names, streamed."""

import pytest

from quizapp.content import PRE_QUIZ
from tests.conftest import make_class, make_user
from tests.web.admin_helpers import DAY_ONE, DAY_TWO, MYTHS, take
from tests.web.teach_helpers import read_csv, switch


@pytest.fixture
def learners(app, auth):
    """Two classes: one learner each, myth check on day one and day two."""
    teacher = make_user("teacher")
    first, second = make_user("student"), make_user("student")
    class_one = make_class(teacher, "One", students=[first])
    make_class(teacher, "Two", students=[second])
    take(app, auth, first, PRE_QUIZ, when=DAY_ONE)
    take(app, auth, second, PRE_QUIZ, when=DAY_TWO)
    return first, second, class_one


def download(auth, admin, path: str) -> list[list[str]]:
    switch(auth, admin)
    response = auth.client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert "attachment" in response.headers["Content-Disposition"]
    return read_csv(response)


@pytest.mark.parametrize(
    ("name", "first_column"),
    [("activity", "day"), ("lessons", "quiz_id"), ("myths", "myth_id"), ("items", "question_id")],
)
def test_every_table_downloads(auth, admin, learners, name, first_column):
    rows = download(auth, admin, f"/admin/export/{name}.csv")

    assert rows[0][0] == first_column
    assert len(rows) > 1


def test_tables_use_the_filters(auth, admin, learners):
    _, _, class_one = learners

    everyone = download(auth, admin, "/admin/export/activity.csv")
    one_class = download(auth, admin, f"/admin/export/activity.csv?classroom={class_one.id}")
    day_two = download(auth, admin, "/admin/export/lessons.csv?start=2026-03-09&end=2026-03-09")

    assert [row[0] for row in everyone[1:]] == ["2026-03-02", "2026-03-09"]
    assert one_class[1:] == [["2026-03-02", "1", "1"]]
    pre = next(row for row in day_two if row[0] == PRE_QUIZ)
    assert pre[2:4] == ["1", "1"]


def test_answers_name_nobody_and_keep_pseudonyms_stable(auth, admin, learners):
    first, second, _ = learners

    rows = download(auth, admin, "/admin/export/answers.csv")
    again = download(auth, admin, "/admin/export/answers.csv")

    assert rows[0][:3] == ["answer_id", "learner", "attempt_id"]
    assert rows[0][-1] == "language" and {row[-1] for row in rows[1:]} == {"en"}
    assert len(rows) == 1 + 2 * MYTHS
    text = "\n".join(",".join(row) for row in rows)
    for user in (first, second, admin):
        assert user.username not in text
    codes = {row[1] for row in rows[1:]}
    assert len(codes) == 2 and all(len(code) == 16 for code in codes)
    assert rows == again
    assert str(first.id) not in codes


def test_answers_follow_the_filters(auth, admin, learners):
    _, _, class_one = learners

    one_class = download(auth, admin, f"/admin/export/answers.csv?classroom={class_one.id}")
    day_two = download(auth, admin, "/admin/export/answers.csv?start=2026-03-09")

    assert len(one_class) == len(day_two) == 1 + MYTHS
    assert {row[10][:10] for row in day_two[1:]} == {"2026-03-09"}


def test_answers_are_streamed(auth, admin, learners):
    switch(auth, admin)

    response = auth.client.get("/admin/export/answers.csv")

    assert "Content-Length" not in response.headers, "a streamed body has no length up front"
    assert response.mimetype == "text/csv"


def test_bad_filters_export_nothing(auth, admin, learners):
    switch(auth, admin)

    response = auth.client.get("/admin/export/answers.csv?start=2026-03-09&end=2026-03-01")

    assert response.status_code == 400
    assert "nothing was exported" in response.get_data(as_text=True)
    assert auth.client.get("/admin/export/items.csv?classroom=abc").status_code == 400


def test_the_export_page_links_keep_the_filters(auth, admin, learners):
    _, _, class_one = learners
    switch(auth, admin)

    page = auth.client.get(f"/admin/export?classroom={class_one.id}").get_data(as_text=True)

    assert f"/admin/export/answers.csv?classroom={class_one.id}" in page
    assert f"/admin/export/items.csv?classroom={class_one.id}" in page
