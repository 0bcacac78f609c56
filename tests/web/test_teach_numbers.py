"""The teacher's myth check figures agree with an independent count from the researcher
export: holding a myth means picking its own choice, as on the admin pages."""

import html
import re

import sqlalchemy as sa

from quizapp.content import POST_QUIZ, PRE_QUIZ
from quizapp.extensions import db
from quizapp.models import Classroom, Myth
from quizapp.synthetic import seed_synthetic
from tests.conftest import make_user
from tests.web.helpers import as_shown
from tests.web.teach_helpers import read_csv, switch
from tests.web.test_admin_numbers import (
    course,
    download,
    first_finished_attempts,
    hake,
    recount_myths,
)

RETENTION_ROW = re.compile(
    r'<th scope="row">([^<]+)</th>\s*'
    r'<td class="num">(\d+)% <span class="meta">\((\d+)\)</span></td>\s*'
    r'<td class="num">(\d+)% <span class="meta">\((\d+)\)</span></td>\s*'
    r'<td class="num">([-\d.]+|–)</td>'
)


def percent(held: int, n: int) -> int | None:
    """The share holding, as the app rounds it; none when nobody answered."""
    return round(100 * held / n) if n else None


def test_the_teachers_figures_match_a_recount_from_the_researcher_export(app, auth):
    seed_synthetic(students=60, classes=2, days=30, seed=8)
    classroom = db.session.execute(sa.select(Classroom).order_by(Classroom.id)).scalars().first()
    teacher = make_user("teacher")
    classroom.teacher_id = teacher.id  # one we can log in as
    db.session.commit()
    export = f"/admin/export/answers.csv?classroom={classroom.id}"
    answers = download(auth, make_user("admin"), export)
    shape = course()
    firsts = first_finished_attempts(answers, shape["size"])
    counts, _ = recount_myths(firsts, shape["myth_of"], shape["probes"])
    myth_of = {
        statement: myth_id
        for myth_id, statement in db.session.execute(
            sa.select(Myth.id, Myth.statement).where(Myth.active)
        )
    }

    switch(auth, teacher)
    table = read_csv(auth.client.get(f"/teach/classes/{classroom.id}/myths.csv"))
    assert table[0][-3] == "Holding before (%)"
    for row in table[1:]:
        pre_n, pre_held = counts[(PRE_QUIZ, myth_of[row[0]])]
        post_n, post_held = counts[(POST_QUIZ, myth_of[row[0]])]
        expected = [pre_n, percent(pre_held, pre_n), post_n, percent(post_held, post_n)]
        assert row[-4:] == ["" if value is None else str(value) for value in expected]

    page = auth.client.get(f"/teach/classes/{classroom.id}/myths").get_data(as_text=True)
    retention = page[page.index('id="retention-table-heading"') :]
    checked = 0
    for statement, before, pre_n, after, post_n, gain in RETENTION_ROW.findall(retention):
        if statement == "All myths":
            continue
        (n, held), (m, kept) = (
            counts[(check, myth_of[html.unescape(statement)])] for check in (PRE_QUIZ, POST_QUIZ)
        )
        assert (int(before), int(pre_n)) == (percent(held, n), n)
        assert (int(after), int(post_n)) == (percent(kept, m), m)
        expected = hake(held / n, kept / m)
        assert gain == ("–" if expected is None else as_shown(expected, 2))
        checked += 1
    assert checked == len(myth_of)
