"""The quiz card itself: keyboard only, thumb reach on a phone, touch targets,
and a clear message when nothing was picked."""

import pytest
from playwright.sync_api import expect

from .axe import audit
from .flows import answer_question, start_myth_check

LAPTOP = {"width": 1366, "height": 768}
TARGETS = (
    "#card button, #card .button, #card label.choice, #card label.segment, .nav-links a, .brand"
)


def tab_to(page, selector: str, most: int = 20) -> None:
    """Press Tab until the focused element matches `selector`."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"Tab never reached {selector}")


def focus_is_visible(page) -> bool:
    return page.evaluate(
        """() => {
          const el = document.activeElement;
          const box = el.closest("label") || el;
          return getComputedStyle(box).outlineStyle !== "none";
        }"""
    )


def test_whole_quiz_by_keyboard(open_page, live_server):
    page = open_page(viewport=LAPTOP)
    start_myth_check(page, live_server)
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to content")
    expect(skip_link).to_be_focused()
    assert skip_link.bounding_box()["y"] >= 0
    page.keyboard.press("Enter")
    position = 1
    while True:
        tab_to(page, "#card input[name=choice]")
        assert focus_is_visible(page)
        page.keyboard.press("Space")
        tab_to(page, "#card input[name=certainty]")
        page.keyboard.press("ArrowRight")
        tab_to(page, "#card button[type=submit]")
        page.keyboard.press("Enter")
        page.locator("#card .feedback").wait_for()
        expect(page.locator("#question-stem")).to_be_focused()
        audit(page, f"feedback {position}")
        tab_to(page, "#card .next-action a")
        if page.evaluate("document.activeElement.textContent.trim()") == "See my results":
            break
        page.keyboard.press("Enter")
        position += 1
        page.get_by_text(f"Question {position} of").wait_for()
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Your results").wait_for()
    audit(page, "results")


def in_thumb_reach(page, locator) -> bool:
    """Fully on screen and in the lower half of a 740 px tall phone screen."""
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box["y"] >= height / 2 and box["y"] + box["height"] <= height


NOTHING_MOVES = """() => [...document.querySelectorAll("*")].every((element) => {
  const style = getComputedStyle(element);
  return style.animationName === "none" && parseFloat(style.transitionDuration) === 0;
})"""


def test_phone_card_is_one_handed(open_page, live_server):
    page = open_page(reduced_motion="reduce")
    start_myth_check(page, live_server)
    assert page.evaluate(NOTHING_MOVES)
    for element in page.locator(TARGETS).all():
        box = element.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, element.evaluate("e => e.outerHTML")
    assert in_thumb_reach(page, page.get_by_role("button", name="Check answer"))

    answer_question(page, live_server, kind="myth")
    audit(page, "feedback")
    assert in_thumb_reach(page, page.get_by_role("link", name="Next question"))


def test_missing_answer_is_explained_in_place(page, live_server):
    start_myth_check(page, live_server)
    page.get_by_label("Certain", exact=True).check()
    page.get_by_role("button", name="Check answer").click()
    page.locator("#card").get_by_text("Pick an answer.").wait_for()
    audit(page, "missing answer")
    assert page.get_by_label("Certain", exact=True).is_checked()
    assert page.locator("#announce").inner_text() == "Not saved. Pick an answer."
