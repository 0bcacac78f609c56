"""Choosing the language, as a person does: the browser's Accept-Language, the
language link or button that every page renders, the choice kept on the account."""

from datetime import date

from flask import render_template_string
from werkzeug.datastructures import MultiDict

from quizapp.content import PRE_QUIZ
from quizapp.extensions import db
from quizapp.models import User

from ..conftest import PASSWORD, Auth, make_class
from .helpers import answer_all, finish, start
from .pageforms import forms, parse, submit
from .teach_helpers import assign, lessons

SPANISH_BROWSER = {"Accept-Language": "es-US,es;q=0.9,en;q=0.6"}


def language_of(html: str) -> str:
    return html.split('<html lang="')[1].split('"')[0]


def page(client, url: str, **kwargs) -> str:
    response = client.get(url, **kwargs)
    assert response.status_code in (200, 404), (url, response.status_code)
    return response.get_data(as_text=True)


def press_link(client, html: str, language: str) -> str:
    """Follow the page's link to `language`; the page it leads back to, rendered."""
    links = [href for href in parse(html).links if f"/language/{language}?" in href]
    assert len(links) == 1, links
    response = client.get(links[0].replace("&amp;", "&"))
    assert response.status_code == 303
    return response.location


def press_button(client, html: str, url: str, language: str) -> str:
    """Press the page's button to `language`; where it leads."""
    found = [form for form in forms(html) if form.action == f"/language/{language}"]
    assert len(found) == 1, [form.action for form in forms(html)]
    response = submit(client, found[0], url)
    assert response.status_code == 303, response.get_data(as_text=True)
    return response.location


def test_a_visitor_reads_the_language_their_browser_asks_for(client):
    spanish = page(client, "/", headers=SPANISH_BROWSER)
    english = page(client, "/", headers={"Accept-Language": "en-US,en;q=0.9"})
    french = page(client, "/", headers={"Accept-Language": "fr-FR"})

    assert language_of(spanish) == "es" and "Conoce los datos sobre el clonazepam" in spanish
    assert language_of(english) == "en" and "Know the facts about clonazepam" in english
    assert language_of(french) == "en"


def test_the_language_link_works_on_every_page_a_visitor_sees(client):
    auth = Auth(client)
    refused = auth.post("/register", {"username": "x"}, token_from="/register")
    pages = {
        "/": "Conoce los datos sobre el clonazepam",
        "/login": "Iniciar sesión",
        "/register": "Crea una cuenta",
        "/help": "llama al 988 y marca el 2, o manda un texto con la palabra AYUDA",
        "/no-such-page": "No encontramos la página",
    }
    assert refused.status_code == 422
    assert press_link(client, refused.get_data(as_text=True), "es") == "/register"
    press_link(client, page(client, "/register"), "en")
    for url, spanish in pages.items():
        english = page(client, url)
        assert language_of(english) == "en" and spanish not in english
        assert press_link(client, english, "es") == url
        shown = page(client, url)
        assert language_of(shown) == "es" and spanish in shown, url
        assert press_link(client, shown, "en") == url
        assert language_of(page(client, url)) == "en"


def test_a_visitors_choice_outweighs_their_browser(client):
    spanish = page(client, "/login", headers=SPANISH_BROWSER)
    client.get(press_link(client, spanish, "en"))
    assert language_of(page(client, "/login", headers=SPANISH_BROWSER)) == "en"


def signed_in_pages(client, auth, student, teacher, admin) -> list[tuple[User, str, str]]:
    """(who, page, a Spanish phrase it shows) for each kind of page a role sees."""
    classroom = make_class(teacher, "Period 2", students=[student])
    auth.login(student)
    attempt = start(auth, PRE_QUIZ)
    question = f"/attempts/{attempt}/questions/1"
    refused_join = auth.post("/join", {"code": ""})
    answer_all(auth, attempt)
    finish(auth, attempt)
    auth.logout()
    assert refused_join.status_code == 422
    return [
        (student, "/", "Tu curso"),
        (student, f"/lessons/{lessons(1)[0].id}", "Hacer la prueba"),
        (student, question, "Pregunta 1 de"),
        (student, f"/attempts/{attempt}/result", "Tus resultados"),
        (student, "/my-myths", "Qué quiere decir cada etiqueta"),
        (student, "/review", "Repaso de mitos"),
        (student, "/join", "Unirme a una clase"),
        (student, "/account/", "Lo que guardamos sobre ti"),
        (teacher, "/teach/", "Mis clases"),
        (teacher, f"/teach/classes/{classroom.id}", "Cómo se unen los estudiantes"),
        (teacher, f"/teach/classes/{classroom.id}/myths", "Qué mitos todavía cree la clase"),
        (admin, "/admin/", "Resultados de todas las clases"),
        (admin, "/admin/users", "Mostrar a todos"),
    ]


def test_the_language_button_works_on_every_kind_of_signed_in_page(
    client, auth, student, teacher, admin
):
    for user, url, spanish in signed_in_pages(client, auth, student, teacher, admin):
        auth.login(user)
        english = page(client, url)
        assert language_of(english) == "en" and spanish not in english, url
        assert press_button(client, english, url, "es") == url
        shown = page(client, url)
        assert language_of(shown) == "es" and spanish in shown, url
        assert press_button(client, shown, url, "en") == url
        assert language_of(page(client, url)) == "en"
        auth.logout()


def test_a_page_answering_a_refused_form_comes_back_as_that_form(client, auth, student):
    auth.login(student)
    refused = auth.post("/join", {"code": ""})
    assert refused.status_code == 422
    assert press_button(client, refused.get_data(as_text=True), "/join", "es") == "/join"


def test_a_signed_in_choice_is_saved_and_outlasts_logging_out(app, client, auth, student):
    auth.login(student)
    client.get(press_button(client, page(client, "/"), "/", "es"))
    home = page(client, "/")
    logged_out = submit(client, next(f for f in forms(home) if f.action == "/logout"), "/")
    login_page = page(client, logged_out.location)

    elsewhere = app.test_client()
    Auth(elsewhere).login(student)
    home = page(elsewhere, "/", headers={"Accept-Language": "en-US"})

    assert db.session.get(User, student.id).language == "es"
    assert language_of(login_page) == "es" and "Cerraste sesión." in login_page
    assert language_of(home) == "es" and "Tu curso" in home


def test_signing_up_with_a_spanish_browser_makes_a_spanish_account(app, client):
    sign_up = page(client, "/register", headers=SPANISH_BROWSER)
    form = next(form for form in forms(sign_up) if form.action == "")
    typed = {"username": "lucia", "password": PASSWORD, "confirm": PASSWORD}
    sent = MultiDict(form.data(**typed))
    created = client.post("/register", data=sent, headers=SPANISH_BROWSER)
    welcome = page(client, created.location, headers=SPANISH_BROWSER)

    elsewhere = app.test_client()
    Auth(elsewhere).login(db.session.execute(db.select(User).filter_by(username="lucia")).scalar())
    later = page(elsewhere, "/", headers={"Accept-Language": "en-US"})

    assert language_of(sign_up) == "es" and "Crea una cuenta" in sign_up
    assert "¡Te damos la bienvenida!" in welcome
    assert db.session.execute(db.select(User.language).filter_by(username="lucia")).scalar() == "es"
    assert language_of(later) == "es"


def test_dates_and_numbers_read_as_each_language_writes_them(
    app, client, auth, clock, teacher, student
):
    classroom = make_class(teacher, "Period 4", students=[student])
    auth.login(teacher)
    assign(auth, classroom.id, [lessons(1)[0].id], date(2026, 1, 8))
    auth.logout()
    auth.login(student)
    english = page(client, "/")
    client.get(press_button(client, english, "/", "es"))
    spanish = page(client, "/")
    with app.test_request_context(headers={"Accept-Language": "es"}):
        picks = render_template_string(
            '{{ count_of(12345, "Picked %(num)s time", "Picked %(num)s times") }}'
        )
        gain = render_template_string("{{ 0.45 | decimal(2) }}")

    assert "Due Thu 8 Jan" in english
    assert "Para el jue 8 ene" in spanish
    assert (picks, gain) == ("Elegida 12.345 veces", "0,45")
