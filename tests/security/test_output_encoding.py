"""Output encoding (ASVS 1.2.1, 1.2.10 CSV injection): hostile names render inert
on every page, as every role, and CSV cells never start a formula."""

import csv
import io

import pytest

from quizapp.csvexport import csv_text, neutralise
from quizapp.extensions import db
from quizapp.models import Classroom
from tests.security.world import OTHERS, ROLES, build_world, routes, url_for_actor

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
TEMPLATE = "{{7*7}}"
HOSTILE_STUDENT = "@SUM(1+1)" + SCRIPT
HOSTILE_TEACHER = "+t" + IMG
HOSTILE_CLASS = '=HYPERLINK("x")' + IMG + TEMPLATE
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def hostile_world(app):
    world = build_world(app)
    world.users["student"].username = HOSTILE_STUDENT
    world.users["teacher"].username = HOSTILE_TEACHER
    db.session.get(Classroom, world.objects["classroom_id"]).name = HOSTILE_CLASS
    db.session.commit()
    return world


def _walk(app, world):
    """(endpoint, actor, response) for every GET route and actor."""
    for rule, method in routes(app):
        if method != "GET" or rule.endpoint == "static":
            continue
        for actor in (*ROLES, *OTHERS):
            response = world.clients[actor].get(url_for_actor(app, world, rule, actor))
            yield rule.endpoint, actor, response


def test_hostile_names_render_inert_everywhere(app, hostile_world):
    raw_hits, shown, csv_bodies = [], set(), []
    for endpoint, actor, response in _walk(app, hostile_world):
        body = response.get_data(as_text=True)
        if response.mimetype == "text/csv":
            csv_bodies.append((endpoint, body))
        elif response.mimetype == "text/html":
            if SCRIPT in body or "<img src=x" in body:
                raw_hits.append(f"{endpoint} as {actor}")
            if "&lt;script&gt;alert(1)&lt;/script&gt;" in body:
                shown.add("student name")
            if TEMPLATE in body and "&#34;&gt;&lt;img src=x" in body:
                shown.add("class name")
    assert not raw_hits, f"hostile text rendered as HTML on: {raw_hits}"
    assert shown == {"student name", "class name"}, "the walk must see the names displayed"
    assert csv_bodies, "the walk must reach at least one CSV export"
    for endpoint, body in csv_bodies:
        _assert_no_formula_cells(endpoint, body)


def _assert_no_formula_cells(endpoint: str, body: str) -> None:
    for row in csv.reader(io.StringIO(body.lstrip("\ufeff"))):
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS), f"{endpoint}: formula cell {cell!r}"


@pytest.mark.parametrize(
    "value", ["=1+1", "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("http://x")']
)
def test_csv_text_cells_that_look_like_formulas_get_a_quote(value):
    assert neutralise(value) == "'" + value
    header, (cell,) = csv.reader(io.StringIO(csv_text(["h"], [[value]]), newline=""))
    assert cell == "'" + value


@pytest.mark.parametrize("value", [0, -5, 3.5, "plain", "a=b", "", None])
def test_csv_numbers_and_plain_text_are_left_alone(value):
    assert neutralise(value) == ("" if value is None else value)
