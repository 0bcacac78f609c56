"""Pages that fit a real class, measured in the browser: targets big enough to tap
(WCAG 2.2, 2.5.8) on a 360 × 740 phone, the progress grid on a laptop and a phone,
the roster's buttons, long class names, whole lesson cards, the projector page and
the contrast of the score bands."""

import uuid
from datetime import timedelta

import pytest

from quizapp import timezones
from quizapp.content import MYTH_PROBE_QUIZ, PRE_QUIZ, AttemptMode
from quizapp.extensions import db
from quizapp.models import Assignment, Classroom, Lesson, Membership
from quizapp.users.accounts import create_user, find_user

from .axe import audit
from .flows import PASSWORD, finish_myth_check, log_in, pick_choice, register, sign_in

LAPTOP = {"width": 1366, "height": 768}
LONG_NAME = "Period3HealthWithAVeryLongUnbrokenClassNameThatWouldWidenThePage"

# Every target on the page, with the WCAG 2.5.8 exceptions: a link inside a sentence
# (inline), and a radio or checkbox whose label is its target (the label is measured).
MEASURE_TARGETS = """() => {
  const hidden = ".visually-hidden, .skip-link, details:not([open]) > :not(summary)";
  const visible = (e) => {
    const r = e.getBoundingClientRect();
    return r.width > 1 && r.height > 1 && getComputedStyle(e).visibility !== "hidden"
      && !e.closest(hidden);
  };
  const inSentence = (a) => getComputedStyle(a).display === "inline"
    && a.parentElement.textContent.trim() !== a.textContent.trim();
  const targets = "a[href], button, select, textarea, summary, input:not([type=hidden])";
  const out = [];
  for (const e of document.querySelectorAll(targets)) {
    if (!visible(e) || (e.matches("a") && inSentence(e))) continue;
    let box = e.getBoundingClientRect();
    if (e.matches("input[type=radio], input[type=checkbox]") && e.labels.length) {
      const boxes = [...e.labels].map((l) => l.getBoundingClientRect());
      box = boxes.sort((a, b) => b.height - a.height)[0];
    }
    out.push({html: e.outerHTML.slice(0, 120), width: box.width, height: box.height,
      main: e.matches(".button")});
  }
  return out;
}"""


def too_small(page) -> list[dict]:
    return [
        t
        for t in page.evaluate(MEASURE_TARGETS)
        if t["width"] < 24 or t["height"] < 24 or (t["main"] and t["height"] < 44)
    ]


def a_student(app) -> str:
    username = f"s{uuid.uuid4().hex[:8]}"
    with app.app_context():
        create_user(username, PASSWORD, "student")
        db.session.commit()
    return username


def a_class(live_server, students: list[str], lessons: int = 4) -> int:
    """A class of demo-teacher with a long unbroken name, `lessons` lessons, the myth
    check and a re-teach assigned; every student took the myth check."""
    with live_server.app.app_context():
        teacher = find_user("demo-teacher")
        classroom = Classroom(teacher_id=teacher.id, name=LONG_NAME, join_code=uuid.uuid4().hex[:8])
        db.session.add(classroom)
        db.session.flush()
        quizzes = db.session.execute(
            db.select(Lesson.id).order_by(Lesson.position).limit(lessons)
        ).scalars()
        today = timezones.today()
        for i, quiz_id in enumerate([PRE_QUIZ, *quizzes]):
            due = today + timedelta(days=i)
            db.session.add(Assignment(classroom_id=classroom.id, quiz_id=quiz_id, due_on=due))
        db.session.add(
            Assignment(
                classroom_id=classroom.id, quiz_id=MYTH_PROBE_QUIZ, mode=AttemptMode.MYTH_PROBE
            )
        )
        for username in students:
            db.session.add(Membership(classroom_id=classroom.id, user_id=find_user(username).id))
        db.session.commit()
        class_id = classroom.id
    for username in students:
        finish_myth_check(live_server, username)
    return class_id


def test_targets_are_big_enough_on_the_main_pages(open_page, live_server):
    page = open_page()
    username = register(page, live_server)
    problems = {"home": too_small(page)}
    page.goto(live_server("/myth-check"))
    audit(page)
    page.get_by_role("button", name="Start the myth check").click()
    page.get_by_text("Question 1 of").wait_for()
    audit(page, "question")
    problems["question"] = too_small(page)
    finish_myth_check_in_page(page, live_server)
    problems["results"] = too_small(page)
    class_id = a_class(live_server, [username])
    for path in ("/", "/my-myths", f"/lessons/{first_lesson(live_server)}", "/join"):
        page.goto(live_server(path))
        audit(page, path)
        problems[path] = too_small(page)
    page.goto(live_server(f"/classes/{class_id}/leave"))
    audit(page, "leave")
    problems["leave"] = too_small(page)

    teacher = open_page()
    sign_in(teacher, live_server, "demo-teacher")
    for what in ("", "/students", "/progress", "/myths", "/qr", "/edit"):
        teacher.goto(live_server(f"/teach/classes/{class_id}{what}"))
        audit(teacher, what)
        problems[f"teacher{what}"] = too_small(teacher)
    problems = {where: found for where, found in problems.items() if found}
    assert not problems, "\n".join(
        f"{where}: {round(t['width'])}x{round(t['height'])} {t['html']}"
        for where, found in problems.items()
        for t in found
    )


def first_lesson(live_server) -> str:
    with live_server.app.app_context():
        return db.session.execute(db.select(Lesson.id).order_by(Lesson.position)).scalar()


def finish_myth_check_in_page(page, live_server) -> None:
    """Answer the open myth check by clicking, to its results."""
    while True:
        question_id = page.locator("#card input[name=question_id]").input_value()
        choice = pick_choice(live_server, question_id)
        page.locator(f"#card input[name=choice][value='{choice.id}']").check()
        page.locator("#card .certainty").get_by_label("Guessing").check()
        page.get_by_role("button", name="Check answer").click()
        page.locator("#card .feedback").wait_for()
        next_link = page.get_by_role("link", name="Next question")
        if not next_link.count():
            break
        next_link.click()
        page.locator("#card form").wait_for()
    page.get_by_role("link", name="See my results").click()
    page.get_by_role("heading", name="Your results").wait_for()
    audit(page, "results")


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_the_progress_grid_fits_a_laptop_and_keeps_names_in_view(
    open_page, live_server, color_scheme
):
    students = [a_student(live_server.app) for _ in range(3)]
    class_id = a_class(live_server, students)
    laptop = open_page(viewport=LAPTOP, color_scheme=color_scheme)
    sign_in(laptop, live_server, "demo-teacher")
    laptop.goto(live_server(f"/teach/classes/{class_id}/progress"))
    audit(laptop, "progress")
    headers = laptop.locator(".grid thead tr").first.locator("th")
    assert headers.count() == 2 + 6, "student, done, the myth check, 4 lessons and the re-teach"
    wrap = laptop.locator(".table-wrap")
    assert wrap.evaluate("w => w.scrollWidth <= w.clientWidth"), "the whole grid fits 1366 px"
    done = laptop.get_by_role("link", name="Done").bounding_box()
    assert done["x"] + done["width"] <= LAPTOP["width"]
    band = laptop.locator(".grid td.band-high").first
    assert "80+" in band.inner_text()
    assert contrast(band) >= 4.5

    phone = open_page(color_scheme=color_scheme)
    sign_in(phone, live_server, "demo-teacher")
    phone.goto(live_server(f"/teach/classes/{class_id}/progress"))
    audit(phone, "progress on a phone")
    wrap = phone.locator(".table-wrap")
    assert wrap.evaluate("w => w.scrollWidth > w.clientWidth"), "a phone scrolls the grid"
    wrap.evaluate("w => { w.scrollLeft = w.scrollWidth; }")
    name = phone.get_by_role("link", name=students[0]).bounding_box()
    left = wrap.bounding_box()["x"]
    assert left <= name["x"] < left + 40, "the name column stays in view"


CONTRAST = """(e) => {
  const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = ([r, g, b]) => { const f = (v) => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const style = getComputedStyle(e);
  const [a, b] = [lum(rgb(style.color)), lum(rgb(style.backgroundColor))];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""


def contrast(locator) -> float:
    return locator.evaluate(CONTRAST)


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_every_score_band_reads_at_4_5_to_1(open_page, live_server, color_scheme):
    class_id = a_class(live_server, [a_student(live_server.app)])
    page = open_page(viewport=LAPTOP, color_scheme=color_scheme)
    sign_in(page, live_server, "demo-teacher")
    page.goto(live_server(f"/teach/classes/{class_id}/progress"))
    audit(page, "progress")
    for band in ("high", "mid", "low"):
        assert contrast(page.locator(f".band-legend .band-{band}")) >= 4.5, band


def test_phone_roster_buttons_and_long_names_fit(open_page, live_server):
    students = [a_student(live_server.app) for _ in range(2)]
    class_id = a_class(live_server, students)
    page = open_page()
    sign_in(page, live_server, "demo-teacher")
    for what in ("", "/students", "/progress", "/myths", "/qr", "/edit"):
        page.goto(live_server(f"/teach/classes/{class_id}{what}"))
        audit(page, what)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, what
        if what == "/myths":
            screens = page.evaluate("document.documentElement.scrollHeight") / 740
            assert screens <= 4, f"the class myths page is {screens:.1f} phone screens"
    page.goto(live_server(f"/teach/classes/{class_id}/students"))
    audit(page)
    for button in page.get_by_role("button", name="Remove").all():
        box = button.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360, "not clipped"
        assert button.evaluate("b => b.closest('.table-wrap').scrollWidth") <= 360

    student = open_page()
    log_in(student, live_server, students[0], PASSWORD)
    assert student.evaluate("document.documentElement.scrollWidth") <= 360
    student.get_by_role("link", name="Leave").click()
    audit(student, "leave")
    assert student.evaluate("document.documentElement.scrollWidth") <= 360


def test_a_lesson_card_is_tappable_as_a_whole(open_page, live_server):
    page = open_page()
    username = register(page, live_server)
    finish_myth_check(live_server, username)
    page.reload()
    audit(page, "home")
    card = page.locator(".card-link").first
    card.scroll_into_view_if_needed()
    box = card.bounding_box()
    page.mouse.click(box["x"] + box["width"] - 8, box["y"] + box["height"] - 8)
    page.wait_for_url("**/lessons/**")
    audit(page, "lesson")
    assert page.get_by_role("button", name="Take the quiz").count() == 1


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_the_projector_page_shows_a_big_code_and_qr_on_one_screen(
    open_page, live_server, color_scheme
):
    class_id = a_class(live_server, [])
    page = open_page(viewport=LAPTOP, color_scheme=color_scheme)
    sign_in(page, live_server, "demo-teacher")
    page.goto(live_server(f"/teach/classes/{class_id}"))
    audit(page, "class")
    page.get_by_role("link", name="Show QR code").click()
    audit(page, "projector")
    assert not page.locator(".site-header").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]
    for part in (".code-huge", ".qr-box"):
        box = page.locator(part).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= LAPTOP["width"], part
        assert box["y"] >= 0 and box["y"] + box["height"] <= LAPTOP["height"], part
    size = page.locator(".code-huge").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 64
    assert page.locator(".qr-box").bounding_box()["height"] >= 400
