"""Back, Forward and refresh: a history restore gets the whole page, and caches are
told that a question's answer depends on HX-Request."""

from quizapp.content import PRE_QUIZ

from .helpers import answer, choice, items, start


def test_history_restore_gets_the_whole_page_and_a_swap_only_the_card(client, auth, student):
    auth.login(student)
    attempt = start(auth, PRE_QUIZ)
    question = items(attempt)[0]
    answer(auth, attempt, question, choice(question).id)
    url = f"/attempts/{attempt}/questions/2"

    swap = client.get(url, headers={"HX-Request": "true"})
    restore = client.get(url, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    page = client.get(url)

    assert "<html" not in swap.get_data(as_text=True)
    for response in (restore, page):
        body = response.get_data(as_text=True)
        assert "<html" in body and 'class="site-footer"' in body and "Question 2 of" in body
    for response in (swap, restore, page):
        assert "HX-Request" in response.headers.get("Vary", "")


def test_the_answer_redirect_varies_by_htmx_too(client, auth, student):
    auth.login(student)
    attempt = start(auth, PRE_QUIZ)
    question = items(attempt)[0]
    response = answer(auth, attempt, question, choice(question).id)
    assert response.status_code == 303 and "HX-Request" in response.headers["Vary"]
