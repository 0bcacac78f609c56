"""Going offline mid-quiz: the answer is kept, the student is told, and it is
saved by itself when the connection comes back."""

from quizapp.extensions import db
from quizapp.models import Answer, User

from .axe import audit
from .flows import answer_question, current_question_id, pick_choice, start_myth_check

UNCOVERED_ON_SCREEN = """(element) => {
  const box = element.getBoundingClientRect();
  const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
  return element.contains(hit) && box.top >= 0 && box.bottom <= innerHeight;
}"""


def saved_choice(live_server, username: str, question_id: str) -> int | None:
    with live_server.app.app_context():
        return db.session.execute(
            db.select(Answer.choice_id)
            .join(User, User.id == Answer.user_id)
            .where(User.username == username, Answer.question_id == question_id)
        ).scalar_one_or_none()


def test_answer_given_offline_is_saved_when_back_online(page, live_server):
    username = start_myth_check(page, live_server)
    question_id = current_question_id(page)
    choice = pick_choice(live_server, question_id)
    page.locator(f"input[name=choice][value='{choice.id}']").check()
    page.get_by_label("Fairly sure").check()

    page.context.set_offline(True)
    page.get_by_role("button", name="Check answer").click()
    status = page.locator("#card [data-save-status]")
    status.get_by_text("Not saved — will retry when you are back online").wait_for()
    assert status.evaluate(UNCOVERED_ON_SCREEN)
    audit(page, "offline")
    assert page.locator(f"input[name=choice][value='{choice.id}']").is_checked()
    assert page.get_by_label("Fairly sure").is_checked()
    assert saved_choice(live_server, username, question_id) is None

    page.context.set_offline(False)
    # The `online` event sends it at once; the 5-second retry timer is only a fallback.
    page.locator("#card .feedback").wait_for(timeout=3000)
    audit(page, "back online")
    assert saved_choice(live_server, username, question_id) == choice.id
    assert page.locator("#announce").inner_text().startswith("Correct.")


def test_next_question_loads_when_back_online(page, live_server):
    start_myth_check(page, live_server)
    answer_question(page, live_server)

    page.context.set_offline(True)
    page.get_by_role("link", name="Next question").click()
    page.locator("#card [data-save-status]").get_by_text("Not loaded").wait_for()
    audit(page, "offline")

    page.context.set_offline(False)
    page.get_by_text("Question 2 of").wait_for()
    audit(page, "back online")
