"""Walk the app as the demo roles do: every page reachable by links from their home
page, and every form on those pages submitted the way the page offers it. The SQL
any template runs on the way is kept with the walk.

`demo_world()` builds what the demo shows: demo-student part-way through the myth
check in demo-teacher's class, a classmate who finished it with wrong answers,
an assignment, and demo-admin.
"""

from collections import deque
from dataclasses import dataclass, field
from functools import cached_property

from quizapp import answers, attempts
from quizapp.content import PRE_QUIZ, QuizKind
from quizapp.extensions import db
from quizapp.models import Assignment, Quiz

from ..conftest import PASSWORD, Auth, make_class, make_user
from ..shared import made_once
from .helpers import choice
from .pageforms import Form, forms, local_links, submit
from .template_queries import TemplateQuery, template_queries

PAGES_PER_ROLE = 150
SAME_ENDPOINT_PAGES = 2  # a paginated or filtered page: two of its URLs are enough
SKIPPED_LINKS = ("/static/", ".csv", ".json")
# Forms submitted last, in this order: those that take away what other forms use,
# the language button (so the walk reads its pages in one language), then those
# that end the session (the last two).
LATER = (
    "/password",
    "/code",
    "/role",
    "/access",
    "/remove",
    "/archive",
    "/language/en",
    "/language/es",
    "/account/delete",
    "/logout",
)


@dataclass
class Visit:
    url: str
    status: int
    html: str
    method: str = "get"

    @cached_property
    def offered_forms(self) -> list[Form]:
        """The page's forms, parsed once: the walk looks for the next form to send
        on every page it saw, after each form it sends."""
        return forms(self.html)


@dataclass
class Walk:
    pages: list[Visit] = field(default_factory=list)
    submissions: list[tuple[str, Form, int]] = field(default_factory=list)  # (page, form, status)
    template_queries: list[TemplateQuery] = field(default_factory=list)
    templates: set[str] = field(default_factory=set)  # every template rendered

    def html_pages(self) -> list[Visit]:
        return [visit for visit in self.pages if "<html" in visit.html]


def demo_world() -> dict:
    student = make_user("student", "demo-student")
    classmate = make_user("student", "demo-classmate")
    teacher = make_user("teacher", "demo-teacher")
    admin = make_user("admin", "demo-admin")
    classroom = make_class(teacher, "Period 3 Health", students=[student, classmate])
    lesson_quiz = db.session.execute(
        db.select(Quiz).filter_by(kind=QuizKind.LESSON).order_by(Quiz.position)
    ).scalar()
    db.session.add(Assignment(classroom_id=classroom.id, quiz_id=lesson_quiz.id))
    pre = db.session.get(Quiz, PRE_QUIZ)
    done = attempts.start_attempt(classmate.id, pre)
    for question_id in attempts.quiz_question_ids(PRE_QUIZ):
        wrong = choice(question_id, correct=False).id
        answers.record_answer(answers.answer_target(done.id, question_id), wrong, 3)
    attempts.finish_attempt(done)
    mid = attempts.start_attempt(student.id, pre)
    first = attempts.quiz_question_ids(PRE_QUIZ)[0]
    answers.record_answer(answers.answer_target(mid.id, first), choice(first).id, 2)
    db.session.commit()
    return {"student": student, "teacher": teacher, "admin": admin, "classroom": classroom}


def _endpoint_key(url: str) -> str:
    """Pages that differ only in ids or query count as one endpoint."""
    path = url.split("?")[0]
    return "/".join("#" if part.isdigit() else part for part in path.split("/"))


class Walker:
    """The pages seen so far, breadth first by links, and the forms they offer."""

    def __init__(self, client):
        self.client = client
        self.seen: set[str] = set()
        self.per_endpoint: dict[str, int] = {}
        self.result = Walk()

    def crawl(self, start: str) -> None:
        """`start` (again, if a form changed it) and every page reachable by links
        from it that was not seen yet."""
        self.seen.add(start)
        queue = deque([start])
        while queue and len(self.result.pages) < PAGES_PER_ROLE:
            url = queue.popleft()
            response = self.client.get(url)
            html = response.get_data(as_text=True)
            self.result.pages.append(Visit(url, response.status_code, html))
            if response.status_code in (301, 302, 303):
                queue.extend(self._new([response.location]))
            elif response.mimetype == "text/html":
                queue.extend(self._new(local_links(html, url)))

    def _new(self, links: list[str]) -> list[str]:
        fresh = []
        for link in links:
            key = _endpoint_key(link)
            if link in self.seen or any(skip in link for skip in SKIPPED_LINKS):
                continue
            if self.per_endpoint.get(key, 0) >= SAME_ENDPOINT_PAGES:
                continue
            self.seen.add(link)
            self.per_endpoint[key] = self.per_endpoint.get(key, 0) + 1
            fresh.append(link)
        return fresh


def filled(form: Form, join_code: str) -> dict:
    """Values for the fields a person types: the rendered ones stay as they are."""
    typed = {}
    names = {name for name, _ in form.fields}
    for name in names:
        if name in ("password", "confirm", "current"):
            typed[name] = PASSWORD
        elif name == "code" and not dict(form.fields)["code"]:
            typed[name] = join_code
        elif name == "name" and not dict(form.fields)["name"]:
            typed[name] = "Crawl class"
    return typed


def _confirmation(response) -> Form | None:
    """The form of a confirmation page, when that is what the POST answered."""
    if response.status_code != 200:
        return None
    for form in forms(response.get_data(as_text=True)):
        if ("confirm", "yes") in form.fields:
            return form
    return None


def walk(client, join_code: str) -> Walk:
    """Visit every page; submit each distinct form once, crawling on from where it
    leads, the forms that take things away or end the session last. The form of a
    confirmation page is submitted too."""
    walker = Walker(client)
    walker.crawl("/")
    submitted: set[tuple[str, str]] = set()
    while form_to_send := _next_form(walker.result, submitted):
        page_url, form = form_to_send
        response = submit(client, form, page_url, **filled(form, join_code))
        walker.result.submissions.append((page_url, form, response.status_code))
        _keep_page(walker.result, form.action or page_url, response, form.method)
        confirm = _confirmation(response)
        if confirm is not None:
            response = submit(client, confirm, confirm.action)
            walker.result.submissions.append((form.action, confirm, response.status_code))
        if response.status_code in (302, 303) and _rank(form.action or page_url) < len(LATER) - 1:
            walker.crawl(response.location)
    return walker.result


def _next_form(result: Walk, submitted: set) -> tuple[str, Form] | None:
    """The first form not yet submitted, by rank, from every page seen so far."""
    waiting = []
    for visit in result.pages:
        for form in visit.offered_forms:
            key = (form.method, form.action or visit.url)
            if key not in submitted:
                waiting.append((_rank(key[1]), len(waiting), key, visit.url, form))
    if not waiting:
        return None
    _, _, key, page_url, form = min(waiting)
    submitted.add(key)
    return page_url, form


def _rank(target: str) -> int:
    """0 for most forms; then, in order, those that take away what later forms use,
    then those that end the session."""
    for rank, ending in enumerate(LATER, 1):
        if target.endswith(ending):
            return rank
    return 0


def _keep_page(result: Walk, url: str, response, method: str) -> None:
    if response.mimetype == "text/html" and response.status_code != 303:
        html = response.get_data(as_text=True)
        result.pages.append(Visit(url, response.status_code, html, method))


_walks: dict[str, dict[str, Walk]] = {}


def demo_walks(app) -> dict[str, Walk]:
    """The walk of every demo role, made once per test run (tests/shared.py): it is
    only pages and statuses, and three test modules read it."""
    if "demo" not in _walks:
        _walks["demo"] = made_once("demo-walks", lambda: walk_every_role(app, demo_world()))
    return _walks["demo"]


def walk_every_role(app, world: dict) -> dict[str, Walk]:
    walks = {}
    for role in ("student", "teacher", "admin"):
        client = app.test_client()
        Auth(client).login(world[role])
        with template_queries(app) as caught:
            walks[role] = walk(client, world["classroom"].join_code)
        walks[role].template_queries = caught
        walks[role].templates = caught.templates
    return walks
