"""Teacher pages a class can use: every assignment in the grid and its CSV, scores in
bands, the class myths most-held first with one measure, and "certain but wrong" only
for myths still held."""

import re

from quizapp.content import MYTH_PROBE_QUIZ, PRE_QUIZ, AttemptMode
from quizapp.extensions import db
from quizapp.models import Assignment, Myth

from ..conftest import make_class, make_user
from .helpers import ATTEMPT_URL, submit_rendered_form
from .learning_helpers import answer_items, take_pre_check
from .teach_helpers import read_csv, switch

ADDICTION, ALCOHOL = "addiction-takes-years", "alcohol-is-fine"


def class_holding(auth, teacher, holds: list[dict]):
    """A class whose students took the pre myth check holding the given myths
    ({"pre-<myth>": certainty}); the teacher is logged in at the end."""
    students = [make_user() for _ in holds]
    for student, hold in zip(students, holds, strict=True):
        auth.login(student)
        take_pre_check(auth, hold)
        auth.logout()
    auth.login(teacher)
    return make_class(teacher, "Health, Period 3 (Ms. Díaz)", students=students), students


def take_assignment(auth, assignment_id: int) -> None:
    response = auth.post(f"/assignments/{assignment_id}/start")
    attempt_id = int(ATTEMPT_URL.search(response.location).group(1))
    answer_items(auth, attempt_id)


def grid_text(page: str) -> str:
    table = page[page.index('<table class="grid') : page.index("</table>")]
    return " ".join(re.sub(r"<[^>]+>", " ", table).split())


def test_a_reteach_is_a_column_of_the_grid_and_of_its_csv(client, auth, teacher):
    classroom, (ann, _) = class_holding(auth, teacher, [{f"pre-{ADDICTION}": 3}, {}])
    myths = f"/teach/classes/{classroom.id}/myths"
    assert submit_rendered_form(client, myths, "/reteach", {"share": "10"}).status_code == 303
    reteach = db.session.execute(
        db.select(Assignment).filter_by(mode=AttemptMode.MYTH_PROBE)
    ).scalar_one()
    switch(auth, ann)
    take_assignment(auth, reteach.id)
    switch(auth, teacher)
    page = client.get(f"/teach/classes/{classroom.id}/progress").get_data(as_text=True)
    assert "Review quiz: myths the class still holds" in grid_text(page)
    assert f"sort=a{reteach.id}" in page
    rows = read_csv(client.get(f"/teach/classes/{classroom.id}/progress.csv"))
    assert rows[0] == ["Student", "Review quiz: myths the class still holds", "Done"]
    by_name = {row[0]: row[1:] for row in rows[1:]}
    assert by_name[ann.username] == ["100", "1"]


def test_scores_show_their_band_in_words(client, auth, teacher):
    classroom, _ = class_holding(auth, teacher, [{}])
    db.session.add(Assignment(classroom_id=classroom.id, quiz_id=PRE_QUIZ))
    db.session.commit()
    page = client.get(f"/teach/classes/{classroom.id}/progress").get_data(as_text=True)
    assert re.search(r'class="cell cell-done band-high">100% <span class="band-text">80\+', page)
    assert "under 50" in page and "50–79" in page, "the legend names every band"


def test_class_myths_most_held_first_with_one_measure(client, auth, teacher):
    holds = [{f"pre-{ALCOHOL}": 2}, {f"pre-{ALCOHOL}": 2, f"pre-{ADDICTION}": 2}, {}]
    classroom, _ = class_holding(auth, teacher, holds)
    page = client.get(f"/teach/classes/{classroom.id}/myths").get_data(as_text=True)
    listed = page[page.index('<ol class="myth-list">') :]
    order = re.findall(r'/myths/([\w-]+)">', listed)
    assert order[:2] == [ALCOHOL, ADDICTION], "most held first, whatever the course order"
    assert "Held by 2 of 3" in listed
    assert "holding 67% → –" in listed and "holding 33% → –" in listed, "% picking the myth"
    assert "wrong before" not in page.lower()


def test_certain_but_wrong_lists_only_myths_still_held(client, auth, teacher, clock):
    classroom, (ann,) = class_holding(auth, teacher, [{f"pre-{ADDICTION}": 3, f"pre-{ALCOHOL}": 3}])
    statement = {m: db.session.get(Myth, m).statement for m in (ADDICTION, ALCOHOL)}
    page = client.get(f"/teach/classes/{classroom.id}/myths").get_data(as_text=True)
    confident = page[page.index('id="confident-heading"') : page.index("</section>")]
    assert statement[ADDICTION] in confident and statement[ALCOHOL] in confident
    switch(auth, ann)
    clock.travel(days=30)
    spaced_review = auth.post("/review/start")
    answer_items(auth, int(ATTEMPT_URL.search(spaced_review.location).group(1)))
    switch(auth, teacher)
    page = client.get(f"/teach/classes/{classroom.id}/myths").get_data(as_text=True)
    assert 'id="confident-heading"' not in page, "both myths were corrected since"


def test_csv_files_are_named_after_the_class(client, auth, teacher):
    classroom, _ = class_holding(auth, teacher, [{}])
    for what in ("progress", "myths"):
        response = client.get(f"/teach/classes/{classroom.id}/{what}.csv")
        disposition = response.headers["Content-Disposition"]
        assert disposition == f'attachment; filename="health-period-3-ms-diaz-{what}.csv"'


def test_a_myth_probe_counts_in_the_grid_only_for_its_assignment(client, auth, teacher):
    classroom, (ann,) = class_holding(auth, teacher, [{f"pre-{ADDICTION}": 3}])
    first = submit_rendered_form(
        client, f"/teach/classes/{classroom.id}/myths", "/reteach", {"share": "10"}
    )
    assert first.status_code == 303
    second = Assignment(
        classroom_id=classroom.id,
        quiz_id=MYTH_PROBE_QUIZ,
        mode=AttemptMode.MYTH_PROBE,
        myth_ids=[ADDICTION],
    )
    db.session.add(second)
    db.session.commit()
    done = (
        db.session.execute(
            db.select(Assignment).filter_by(mode=AttemptMode.MYTH_PROBE).order_by(Assignment.id)
        )
        .scalars()
        .first()
    )
    switch(auth, ann)
    take_assignment(auth, done.id)
    switch(auth, teacher)
    rows = read_csv(client.get(f"/teach/classes/{classroom.id}/progress.csv"))
    assert sorted(rows[1][1:3]) == ["100", "not started"]
