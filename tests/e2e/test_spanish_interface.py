"""A phone whose browser asks for Spanish (es-US, 360×740): sign up, the myth check,
a lesson and its quiz, My myths, review and every other page of a student, then a
teacher's and an admin's pages after pressing "Español"; each page in Spanish (the
interface and the course), checked with axe, and none wider than the screen
(Spanish runs about a quarter longer)."""

import uuid

from quizapp.extensions import db
from quizapp.users.accounts import create_user

from .axe import audit
from .flows import PASSWORD, QuizWords, take_quiz
from .screens import shot

SPANISH_PHONE = {"locale": "es-US"}


def looks_right(page, name: str) -> None:
    """The page is in Spanish, passes axe and fits the phone's width."""
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "es", page.url
    audit(page, name)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{name} is {width} px wide"
    shot(page, f"es-{name}")


def visit(page, live_server, path: str, heading: str, name: str) -> None:
    page.goto(live_server(path))
    page.get_by_role("heading", level=1, name=heading).wait_for()
    looks_right(page, name)


def sign_up_in_spanish(page, live_server) -> str:
    username = f"es{uuid.uuid4().hex[:10]}"
    page.goto(live_server("/"))
    page.get_by_role("heading", level=1, name="Conoce los datos sobre el clonazepam").wait_for()
    looks_right(page, "landing")
    page.get_by_role("link", name="Crea una cuenta gratis").click()
    looks_right(page, "sign-up")
    page.get_by_label("Nombre de usuario").fill(username)
    page.get_by_label("Contraseña", exact=True).fill(PASSWORD)
    page.get_by_label("Repite la contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Crear cuenta").click()
    page.get_by_role("heading", level=1, name=f"Hola, {username}").wait_for()
    looks_right(page, "home")
    return username


SPANISH = QuizWords(
    question="Pregunta {position} de",
    certain="Seguro",
    check="Revisar respuesta",
    next="Siguiente pregunta",
    see_results="Ver mis resultados",
    results="Tus resultados",
)


def take_quiz_in_spanish(page, live_server, name: str) -> None:
    """Every question: the first with a myth's choice gets it, the rest are right,
    all "Seguro"; then the result. Each page looks right."""
    take_quiz(
        page,
        live_server,
        wrong_once=True,
        words=SPANISH,
        check=lambda page, step: looks_right(page, f"{name}-{step}"),
    )


def take_myth_check_in_spanish(page, live_server) -> None:
    page.get_by_role("link", name="Hacer la revisión de mitos").click()
    page.get_by_role("heading", level=1, name="Revisión de mitos").wait_for()
    looks_right(page, "myth-check-intro")
    page.get_by_role("button", name="Empezar la revisión de mitos").click()
    take_quiz_in_spanish(page, live_server, "myth-check")


def take_first_lesson_in_spanish(page, live_server) -> None:
    page.goto(live_server("/"))
    looks_right(page, "home-after-myth-check")
    page.get_by_role("link", name="1. Qué es el clonazepam").click()
    page.get_by_role("heading", level=1, name="Qué es el clonazepam").wait_for()
    looks_right(page, "lesson")
    page.get_by_role("button", name="Hacer la prueba").click()
    take_quiz_in_spanish(page, live_server, "lesson-quiz")


def test_a_spanish_speaking_student_takes_the_course_in_spanish(open_page, live_server):
    page = open_page(**SPANISH_PHONE)
    sign_up_in_spanish(page, live_server)
    take_myth_check_in_spanish(page, live_server)
    take_first_lesson_in_spanish(page, live_server)

    page.get_by_role("link", name="Mis mitos").first.click()
    page.get_by_text("Qué quiere decir cada etiqueta").wait_for()
    looks_right(page, "my-myths")
    assert page.get_by_role("link", name="Lee la lección: Qué es el clonazepam").first.is_visible()
    visit(page, live_server, "/review", "Repaso de mitos", "review")
    visit(page, live_server, "/help", "Pide ayuda", "help")
    assert page.get_by_text("llama al 988 y marca el 2").is_visible()
    visit(page, live_server, "/join", "Unirme a una clase", "join")
    page.get_by_role("button", name="Unirme a la clase").click()
    page.get_by_text("Escribe el código de la clase que te dio tu docente.").wait_for()
    looks_right(page, "join-refused")
    visit(page, live_server, "/account/", "Mis datos", "account")
    visit(page, live_server, "/account/password", "Cambiar contraseña", "password")
    visit(page, live_server, "/account/delete", "Borrar mi cuenta", "delete")
    visit(page, live_server, "/nothing-here", "No encontramos la página", "not-found")

    page.get_by_role("button", name="English").click()
    page.get_by_role("heading", level=1, name="Page not found").wait_for()
    assert page.get_attribute("html", "lang") == "en"
    audit(page, "not-found in English")
    page.get_by_role("button", name="Español").click()
    page.get_by_role("heading", level=1, name="No encontramos la página").wait_for()
    looks_right(page, "not-found again")


def new_account(live_server, role: str) -> str:
    """An account of its own (English, as accounts are made), so the shared demo
    accounts stay in English for the other browser tests."""
    username = f"{role}{uuid.uuid4().hex[:8]}"
    with live_server.app.app_context():
        create_user(username, PASSWORD, role)
        db.session.commit()
    return username


def log_in_and_choose_spanish(page, username: str, headings: tuple[str, str], name: str) -> None:
    """On the Spanish login form: the account's own language (English) answers, until
    the header's "Español" button; `headings` are its home's, in English then Spanish."""
    english, spanish = headings
    page.get_by_label("Nombre de usuario").fill(username)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Iniciar sesión").click()
    page.get_by_role("heading", level=1, name=english).wait_for()
    audit(page, f"{name} in English: the account says English")
    page.get_by_role("button", name="Español").click()
    page.get_by_role("heading", level=1, name=spanish).wait_for()
    looks_right(page, name)


def test_a_teacher_and_an_admin_switch_to_spanish_and_use_their_pages(open_page, live_server):
    teacher, admin = new_account(live_server, "teacher"), new_account(live_server, "admin")
    page = open_page(**SPANISH_PHONE)
    page.goto(live_server("/login"))
    looks_right(page, "login")
    log_in_and_choose_spanish(page, teacher, ("My classes", "Mis clases"), "teacher-dashboard")
    page.get_by_role("link", name="Clase nueva").click()
    looks_right(page, "new-class")
    page.get_by_label("Nombre de la clase").fill("Salud, 3.er periodo")
    page.get_by_role("button", name="Crear clase").click()
    page.get_by_text("Cómo se unen los estudiantes").wait_for()
    looks_right(page, "class")
    for link, text, name in (
        ("Estudiantes", "Todavía no hay estudiantes.", "roster"),
        ("Progreso", "Todavía no hay tareas.", "progress"),
        ("Mitos", "Qué mitos todavía cree la clase", "class-myths"),
    ):
        page.locator(".subnav").get_by_role("link", name=link).click()
        page.get_by_text(text).first.wait_for()
        looks_right(page, name)
    page.locator(".subnav").get_by_role("link", name="Resumen").click()
    looks_right(page, "class-again")
    page.get_by_role("link", name="Asignar lecciones").click()
    looks_right(page, "assign")
    page.get_by_role("button", name="Cerrar sesión").click()
    looks_right(page, "logged-out")

    log_in_and_choose_spanish(
        page,
        admin,
        ("Results across every class", "Resultados de todas las clases"),
        "admin-overview",
    )
    for link, heading in (
        ("Lecciones", "Lecciones"),
        ("Mitos", "Mitos"),
        ("Preguntas", "Análisis de preguntas"),
        ("Informe de eficacia", "Informe de eficacia"),
        ("Usuarios", "Usuarios"),
        ("Exportar", "Exportar"),
    ):
        page.locator(".subnav").get_by_role("link", name=link, exact=True).click()
        page.get_by_role("heading", level=1, name=heading).wait_for()
        looks_right(page, f"admin-{link.lower().replace(' ', '-')}")
