"""Every form the demo roles meet works when submitted as the page offers it."""

from .crawl import demo_walks

BROKEN = (400, 405, 500)


def test_every_form_on_every_page_of_the_demo_roles_is_accepted(app, client):
    walks = demo_walks(app)

    failures = [
        f"{role}: {form.method.upper()} {form.action or page} from {page} -> {status}"
        for role, walk in walks.items()
        for page, form, status in walk.submissions
        if status in BROKEN or status >= 500
    ]
    broken_pages = [
        f"{role}: GET {visit.url} -> {visit.status}"
        for role, walk in walks.items()
        for visit in walk.pages
        if visit.method == "get" and visit.status >= 400
    ]
    assert not failures and not broken_pages, "\n".join(failures + broken_pages)
    submitted = {role: len(walk.submissions) for role, walk in walks.items()}
    assert all(count >= 5 for count in submitted.values()), submitted
    admin_actions = {form.action for _, form, _ in walks["admin"].submissions}
    assert any(action.endswith("/access") for action in admin_actions), admin_actions
