"""The LTI pages (launch refusals, the new-tab offer, deep linking, the class page's LMS
part, the summary, the admin page) are valid HTML and show no text outside gettext."""

import shutil

import pytest
from flask_babel import get_babel

from quizapp.extensions import db
from quizapp.languages import LANGUAGES
from quizapp.lti.models import LtiGradeOutbox, LtiPlatform
from quizapp.models import User
from tests.conftest import Auth, make_user

from .i18n_helpers import pseudo_catalog
from .lti_helpers import INSTRUCTOR, LEARNER, launch
from .test_lti_launch import follow, land
from .test_lti_services import student_takes_myth_check, teacher_in_course
from .test_translations import _data_strings, _leftovers, _wtforms_messages
from .test_valid_html import VNU_JAR, _vnu_errors


def speak(language: str) -> None:
    for user in db.session.execute(db.select(User)).scalars():
        user.language = language
    db.session.commit()


def lti_pages(app, client, lms, language: str) -> list[tuple[str, str]]:
    """Every LTI page as its person sees it, in `language`."""
    course = teacher_in_course(client, lms)
    student_takes_myth_check(app, lms)
    db.session.execute(db.update(LtiGradeOutbox).values(tries=5, last_error="refused"))
    lms.state.members = [{"user_id": "teacher-1", "roles": [INSTRUCTOR]}]
    speak(language)
    teacher = Auth(client)
    pages = []
    class_page = f"/teach/classes/{course.classroom_id}"
    land(client, teacher.post(f"{class_page}/lms/roster").location)
    for path in (class_page, f"{class_page}/summary", "/admin/lti"):
        pages.append((path, client.get(path).get_data(as_text=True)))
    dl = follow(client, launch(client, lms, "teacher-1", [INSTRUCTOR], deep_link=True)).location
    speak(language)
    pages.append((dl, client.get(dl).get_data(as_text=True)))
    pages.append((dl, teacher.post(dl, {}, token_from=dl).get_data(as_text=True)))
    picked = teacher.post(dl, {"activity": "myth-check-pre"}, token_from=dl)
    pages.append((dl + " sent", picked.get_data(as_text=True)))
    visitor = app.test_client()
    with visitor.session_transaction() as session:
        session["language"] = language
    arrive = launch(visitor, lms, "student-2", [LEARNER]).location
    cookieless = app.test_client()
    with cookieless.session_transaction() as session:
        session["language"] = language
    pages.append(("new tab offer", cookieless.get(arrive).get_data(as_text=True)))
    refused = cookieless.post("/lti/launch", data={"id_token": "x.y.z", "state": "s"})
    pages.append(("refused launch", refused.get_data(as_text=True)))
    admin = make_user("admin")
    admin.language = language
    db.session.commit()
    admin_client = app.test_client()
    Auth(admin_client).login(admin)
    pages.append(("/admin/lti", admin_client.get("/admin/lti").get_data(as_text=True)))
    sent = Auth(admin_client).post("/admin/lti", {"name": "x", "issuer": "ftp://x"})
    pages.append(("/admin/lti refused", sent.get_data(as_text=True)))
    key_question = Auth(admin_client).post("/admin/lti/key", token_from="/admin/lti")
    pages.append(("replace key question", key_question.get_data(as_text=True)))
    edit = f"/admin/lti/{lms_platform_id()}"
    pages.append((edit, admin_client.get(edit).get_data(as_text=True)))
    refused_edit = Auth(admin_client).post(edit, {"name": ""}, token_from=edit)
    pages.append((edit + " refused", refused_edit.get_data(as_text=True)))
    co_teacher = app.test_client()
    with co_teacher.session_transaction() as session:
        session["language"] = language
    welcome = follow(co_teacher, launch(co_teacher, lms, "teacher-2", [INSTRUCTOR])).location
    speak(language)
    pages.append(("second instructor", land(co_teacher, welcome).get_data(as_text=True)))
    return pages


def lms_platform_id() -> int:
    return db.session.execute(db.select(LtiPlatform.id)).scalar_one()


def test_lti_pages_are_valid_html(app, client, lms, tmp_path):
    if not VNU_JAR.exists() or shutil.which("java") is None:
        pytest.skip("vnu is missing: `make vnu` installs it (needs npm and java)")
    names = {}
    for number, (where, html) in enumerate(lti_pages(app, client, lms, "en")):
        (tmp_path / f"page{number:02d}.html").write_text(html)
        names[f"page{number:02d}.html"] = where
    errors = _vnu_errors(tmp_path)
    described = [f"{names.get(e['url'].rsplit('/', 1)[-1])}: {e['message']}" for e in errors]
    assert not errors, "\n".join(described)


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != "en"])
def test_lti_pages_show_no_text_outside_gettext(app, client, lms, tmp_path, monkeypatch, language):
    pseudo_catalog(tmp_path, language)
    babel = get_babel(app)
    monkeypatch.setattr(babel, "translation_directories", [str(tmp_path)])
    monkeypatch.setattr(babel.instance.domain_instance, "cache", {})
    pages = lti_pages(app, client, lms, language)
    assert all(f'<html lang="{language}">' in html for _where, html in pages)
    known = _data_strings() | _wtforms_messages(language)
    known = sorted((text for text in known if len(text) > 2), key=len, reverse=True)
    stray = _leftovers(pages, known, {"MythCheck", "LTI", "JWKS", *LANGUAGES.values()})
    assert not stray, "Text outside gettext on these pages:\n" + "\n".join(stray)
