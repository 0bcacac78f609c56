"""Every screen of a live session, in every state, as valid HTML whose template ran no
SQL: the projector, the student's phone, the join pages and the results."""

import shutil

import pytest

from quizapp.extensions import db
from quizapp.models import Membership
from tests.conftest import make_class, make_user
from tests.web.live_helpers import answer, first_lesson_quiz, join, open_session, press, signed_in
from tests.web.template_queries import template_queries
from tests.web.test_valid_html import VNU_JAR, _vnu_errors


def every_screen(app) -> dict[str, str]:
    """Each screen's HTML, by a name saying which it is."""
    teacher_user, first, second, outsider_user = (
        make_user("teacher"),
        make_user(),
        make_user(),
        make_user(),
    )
    classroom = make_class(teacher_user, "Period 3", students=[first, second])
    teacher, phone, other, outsider = (
        signed_in(app, u) for u in (teacher_user, first, second, outsider_user)
    )
    session = open_session(
        teacher, classroom.id, first_lesson_quiz(), nicknames="y", class_goal="y"
    )
    projector, student = f"/live/{session.id}/projector", f"/live/{session.id}"
    pages = {
        "new session form": teacher.client.get(f"/teach/classes/{classroom.id}/live/new"),
        "code form": phone.client.get("/live"),
        "join, member, nickname": phone.client.get(f"/live/join/{session.join_code}"),
        "join, not a member": outsider.client.get(f"/live/join/{session.join_code}"),
    }
    join(phone, session.join_code, "Heron")
    join(other, session.join_code)
    pages |= {"lobby": teacher.client.get(projector), "phone lobby": phone.client.get(student)}
    press(teacher, session.id, "start")
    pages |= {
        "question": teacher.client.get(projector),
        "phone question": phone.client.get(student),
    }
    answer(phone, session.id)
    pages |= {
        "phone waiting": phone.client.get(student),
        "counts": teacher.client.get(f"/live/{session.id}/counts"),
    }
    press(teacher, session.id, "reveal")
    pages |= {
        "reveal": teacher.client.get(projector),
        "phone feedback": phone.client.get(student),
        "phone not answered": other.client.get(student),
    }
    press(teacher, session.id, "pause")
    pages |= {"paused": teacher.client.get(projector), "phone paused": phone.client.get(student)}
    press(teacher, session.id, "resume")
    press(teacher, session.id, "end")
    pages |= {
        "ended": teacher.client.get(projector),
        "phone ended": phone.client.get(student),
        "results": teacher.client.get(f"/live/{session.id}/results"),
        "class page": teacher.client.get(f"/teach/classes/{classroom.id}"),
    }
    assert db.session.get(Membership, {"classroom_id": classroom.id, "user_id": first.id})
    bad = {name: r.status_code for name, r in pages.items() if r.status_code != 200}
    assert not bad, bad
    return {name: response.get_data(as_text=True) for name, response in pages.items()}


def test_no_live_screen_runs_sql_while_its_template_renders(app):
    with template_queries(app) as caught:
        every_screen(app)
    assert not caught, "Templates that query:\n" + "\n".join(map(str, caught))


def test_every_live_screen_is_valid_html(app, tmp_path):
    if not VNU_JAR.exists() or shutil.which("java") is None:
        pytest.skip("vnu is missing: `make vnu` installs it (needs npm and java)")
    names = {}
    for number, (name, html) in enumerate(every_screen(app).items()):
        if name == "counts":
            html = f"<!doctype html><html lang=en><title>x</title>{html}</html>"
        path = tmp_path / f"page{number:02d}.html"
        path.write_text(html)
        names[path.name] = name
    errors = _vnu_errors(tmp_path)
    described = [
        f"{names[e['url'].rsplit('/', 1)[-1]]} line {e.get('lastLine')}: {e['message']}"
        for e in errors
    ]
    assert not errors, "\n".join(described)
