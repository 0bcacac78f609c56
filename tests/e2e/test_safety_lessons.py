"""The fake-pills lesson read and answered on a phone, and the way from any page
to the emergency steps and the 988 Lifeline."""

import re

import pytest
from playwright.sync_api import expect

from .axe import audit
from .flows import finish_myth_check, register, take_quiz

LESSON = "/lessons/fake-pills-and-emergencies"


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_a_student_reads_the_fake_pills_lesson_and_answers_its_quiz(
    open_page, live_server, color_scheme
):
    page = open_page(color_scheme=color_scheme)
    username = register(page, live_server)
    finish_myth_check(live_server, username)
    page.goto(live_server("/"))
    audit(page, "course")
    page.get_by_role("link", name=re.compile("Fake pills, naloxone")).click()
    page.wait_for_url(live_server(LESSON))
    audit(page, "lesson")
    expect(page.get_by_role("heading", name="Signs of an overdose")).to_be_visible()
    expect(page.get_by_role("heading", name="What not to do")).to_be_visible()
    sources = page.locator("section.sources")
    expect(sources.get_by_role("heading", name="Sources")).to_be_visible()
    expect(sources).to_contain_text("DEA: One Pill Can Kill")
    page.get_by_role("button", name="Take the quiz").click()
    page.get_by_text("Question 1 of 8").wait_for()
    wrong = take_quiz(page, live_server, wrong_once=True)
    assert wrong is not None and wrong.myth_id
    expect(page.locator(".score-label").first).to_have_text("7 of 8 right")


def test_the_myth_feedback_names_the_myth_once_and_gives_its_safety_note(page, live_server):
    username = register(page, live_server)
    finish_myth_check(live_server, username)
    page.goto(live_server(LESSON))
    audit(page, "lesson")
    page.get_by_role("button", name="Take the quiz").click()
    page.get_by_text("Question 1 of 8").wait_for()
    page.get_by_label("If the shape and letters match, the pill is real.").check()
    page.locator("#card .certainty").get_by_label("Certain").check()
    page.get_by_role("button", name="Check answer").click()
    card = page.locator("#card .feedback")
    card.wait_for()
    audit(page, "myth feedback")
    expect(card.locator(".myth-named")).to_contain_text("The fact to keep:")
    expect(card.get_by_label("Safety note")).to_contain_text(
        "Only take pills a pharmacy gave you on your own prescription."
    )
    expect(card).not_to_contain_text("from online is the real thing if it looks real")


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_the_footer_help_link_leads_to_988_and_the_emergency_steps(
    open_page, live_server, color_scheme
):
    page = open_page(color_scheme=color_scheme)
    page.goto(live_server("/login"))
    audit(page, "login")
    page.locator("footer").get_by_role("link", name="Get help now").click()
    page.wait_for_url(live_server("/help"))
    audit(page, "help")
    crisis = page.locator("#crisis")
    expect(crisis.get_by_role("heading")).to_contain_text("988 Suicide & Crisis Lifeline")
    expect(crisis.get_by_role("link", name="988", exact=True)).to_have_attribute("href", "tel:988")
    expect(crisis.get_by_role("link", name="text 988")).to_have_attribute("href", "sms:988")
    emergency = page.locator("#emergency")
    expect(emergency.get_by_role("link", name="911")).to_have_attribute("href", "tel:911")
    expect(emergency).to_contain_text("blue or grey lips")
    expect(emergency).to_contain_text("roll them onto their")
    expect(emergency).to_contain_text("Good Samaritan laws")
    expect(page.locator("#seizure")).to_contain_text("don't put anything in their mouth")
