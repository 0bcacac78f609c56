"""Route x role matrix (ASVS 8.2.1, 8.2.2, 3.5.1): every route in the app's URL
map, walked as anonymous, student, teacher, admin and an outsider.

The table below says what each role must get. A route that is added to the app
but not to this table fails `test_every_route_is_in_the_table`, naming it.
"""

from dataclasses import dataclass

import pytest

from tests.security.world import OTHERS, ROLES, build_world, routes, snapshot, url_for_actor

ALLOW = "allowed"  # the page, a redirect inside the app, or a form error after the gate
LOGIN = "login"  # redirect to the login page
DENY = "403"
HIDE = "404"  # not yours: leaks nothing about whether it exists


@dataclass(frozen=True)
class Access:
    anon: str
    student: str
    teacher: str
    admin: str
    other: str | None = None  # what an outsider of the owning role gets
    other_actor: str = "other_student"


PUBLIC = Access(ALLOW, ALLOW, ALLOW, ALLOW)
SIGNED_IN = Access(LOGIN, ALLOW, ALLOW, ALLOW)
OWN_ATTEMPT = Access(LOGIN, ALLOW, ALLOW, ALLOW, other=HIDE)
CLASS_MEMBER = Access(LOGIN, ALLOW, HIDE, HIDE, other=HIDE)
TEACHERS = Access(LOGIN, DENY, ALLOW, ALLOW)
OWN_CLASS = Access(LOGIN, DENY, ALLOW, ALLOW, other=HIDE, other_actor="other_teacher")
ADMINS = Access(LOGIN, DENY, DENY, ALLOW)
# A live session's teacher alone runs it: an admin may read its results, not lead it.
CLASS_TEACHER = Access(LOGIN, DENY, ALLOW, HIDE, other=HIDE, other_actor="other_teacher")
# What the LMS itself calls, and launch handoffs: without a valid launch or ticket
# every role gets the refusal page (its checks have tests in tests/web/test_lti_launch.py).
LTI_REFUSED = "HTTP 400"
LMS_ONLY = Access(LTI_REFUSED, LTI_REFUSED, LTI_REFUSED, LTI_REFUSED)
LAUNCHING_TEACHER = Access(LOGIN, DENY, HIDE, HIDE)

EXPECTED: dict[tuple[str, str], Access] = {
    ("healthz", "GET"): PUBLIC,
    ("languages.choose", "GET"): PUBLIC,
    ("languages.save", "POST"): SIGNED_IN,
    ("readyz", "GET"): PUBLIC,
    ("static", "GET"): PUBLIC,
    ("auth.login", "GET"): PUBLIC,
    ("auth.login", "POST"): PUBLIC,
    ("auth.register", "GET"): PUBLIC,
    ("auth.register", "POST"): PUBLIC,
    ("auth.logout", "POST"): SIGNED_IN,
    ("account.index", "GET"): SIGNED_IN,
    ("account.download", "GET"): SIGNED_IN,
    ("account.change_password", "GET"): SIGNED_IN,
    ("account.change_password", "POST"): SIGNED_IN,
    ("account.new_password", "GET"): SIGNED_IN,
    ("account.new_password", "POST"): SIGNED_IN,
    ("account.delete", "GET"): SIGNED_IN,
    ("account.delete", "POST"): SIGNED_IN,
    ("learn.home", "GET"): PUBLIC,
    ("learn.get_help", "GET"): PUBLIC,
    ("learn.lesson", "GET"): SIGNED_IN,
    ("learn.my_myths", "GET"): SIGNED_IN,
    ("learn.myth_check", "GET"): SIGNED_IN,
    ("learn.spaced_review", "GET"): SIGNED_IN,
    ("learn.start", "POST"): SIGNED_IN,
    ("learn.start_spaced_review", "POST"): SIGNED_IN,
    ("learn.resume", "GET"): OWN_ATTEMPT,
    ("learn.question", "GET"): OWN_ATTEMPT,
    ("learn.answer", "POST"): OWN_ATTEMPT,
    ("learn.all_answered", "GET"): OWN_ATTEMPT,
    ("learn.finish", "POST"): OWN_ATTEMPT,
    ("learn.result", "GET"): OWN_ATTEMPT,
    ("learn.retry", "POST"): OWN_ATTEMPT,
    ("learn.start_assignment", "POST"): CLASS_MEMBER,
    ("join.by_code", "GET"): SIGNED_IN,
    ("join.by_code", "POST"): SIGNED_IN,
    ("join.by_link", "GET"): PUBLIC,
    ("join.leave_confirm", "GET"): CLASS_MEMBER,
    ("join.leave", "POST"): CLASS_MEMBER,
    ("teach.dashboard", "GET"): TEACHERS,
    ("teach.new_class", "GET"): TEACHERS,
    ("teach.new_class", "POST"): TEACHERS,
    ("teach.classroom", "GET"): OWN_CLASS,
    ("teach.rename", "GET"): OWN_CLASS,
    ("teach.rename", "POST"): OWN_CLASS,
    ("teach.archive", "POST"): OWN_CLASS,
    ("teach.rotate_code", "POST"): OWN_CLASS,
    ("join.qr_code", "GET"): OWN_CLASS,
    ("teach.roster", "GET"): OWN_CLASS,
    ("teach.student", "GET"): OWN_CLASS,
    ("teach.remove_student", "POST"): OWN_CLASS,
    ("teach.reset_student_password", "POST"): OWN_CLASS,
    ("teach.progress", "GET"): OWN_CLASS,
    ("teach.progress_csv", "GET"): OWN_CLASS,
    ("teach.myths", "GET"): OWN_CLASS,
    ("teach.myths_csv", "GET"): OWN_CLASS,
    ("teach.myth", "GET"): OWN_CLASS,
    ("teach.lesson_guide", "GET"): OWN_CLASS,
    ("teach.reteach", "POST"): OWN_CLASS,
    ("teach.delayed_test", "POST"): OWN_CLASS,
    ("teach.new_assignment", "GET"): OWN_CLASS,
    ("teach.new_assignment", "POST"): OWN_CLASS,
    ("teach.edit_assignment", "GET"): OWN_CLASS,
    ("teach.edit_assignment", "POST"): OWN_CLASS,
    ("teach.delete_assignment", "POST"): OWN_CLASS,
    ("live.new_session", "GET"): CLASS_TEACHER,
    ("live.new_session", "POST"): CLASS_TEACHER,
    ("live.projector", "GET"): CLASS_TEACHER,
    ("live.counts", "GET"): CLASS_TEACHER,
    ("live.control", "POST"): CLASS_TEACHER,
    ("live.results", "GET"): OWN_CLASS,
    # The poll reveals a version number only, so it checks a login without loading the user.
    ("live.poll", "GET"): SIGNED_IN,
    ("live.index", "GET"): SIGNED_IN,
    ("live.index", "POST"): SIGNED_IN,
    # Anyone with the code is offered the class; signed out, the sign-up page first.
    ("live.join", "GET"): PUBLIC,
    ("live.join", "POST"): PUBLIC,
    ("live.student", "GET"): CLASS_MEMBER,
    ("live.answer", "POST"): CLASS_MEMBER,
    ("admin.overview", "GET"): ADMINS,
    ("admin.lessons", "GET"): ADMINS,
    ("admin.myths", "GET"): ADMINS,
    ("admin.item_analysis", "GET"): ADMINS,
    ("admin.efficacy_report", "GET"): ADMINS,
    ("admin.users", "GET"): ADMINS,
    ("admin.user", "GET"): ADMINS,
    ("admin.set_role", "POST"): ADMINS,
    ("admin.set_access", "POST"): ADMINS,
    ("admin.reset_user_password", "POST"): ADMINS,
    ("admin.export", "GET"): ADMINS,
    ("admin.export_table", "GET"): ADMINS,
    ("admin.export_answers", "GET"): ADMINS,
    ("lti.key_set", "GET"): PUBLIC,
    ("lti.login", "GET"): LMS_ONLY,
    ("lti.login", "POST"): PUBLIC,
    ("lti.launch", "POST"): PUBLIC,
    ("lti.arrive", "GET"): LMS_ONLY,
    ("lti.take_handoff", "GET"): LMS_ONLY,
    ("lti.deep_link", "GET"): LAUNCHING_TEACHER,
    ("lti.deep_link", "POST"): LAUNCHING_TEACHER,
    ("lti.platforms", "GET"): ADMINS,
    ("lti.platforms", "POST"): ADMINS,
    ("lti.rotate_key", "POST"): ADMINS,
    ("lti.edit_platform", "GET"): ADMINS,
    ("lti.edit_platform", "POST"): ADMINS,
    ("lti.sync_roster", "POST"): OWN_CLASS,
    ("lti.grade_settings", "POST"): OWN_CLASS,
    ("lti.class_summary", "GET"): OWN_CLASS,
}


def outcome(response, method: str) -> str:
    """Flask-Login sends anonymous users to the login page with a 302; a 303 to it
    is a finished POST (logging out)."""
    response.close()
    status = response.status_code
    if status == 302 and "/login" in response.location:
        return LOGIN
    if status == 403:
        return DENY
    if status == 404:
        return HIDE
    if status < 400 or (method == "POST" and status in (400, 409, 422)):
        return ALLOW
    return f"HTTP {status}"


def _cells(access: Access):
    for role in ROLES:
        yield role, getattr(access, role)
    if access.other:
        yield access.other_actor, access.other


def _request(world, app, rule, method: str, actor: str):
    client = world.clients[actor]
    url = url_for_actor(app, world, rule, actor)
    if method == "GET":
        return client.get(url)
    response = client.post(url, data={"csrf_token": world.token(actor)})
    if rule.endpoint == "auth.logout" and actor != "anon":
        world.login(actor)
    return response


def test_every_route_is_in_the_table(app):
    served = {(rule.endpoint, method) for rule, method in routes(app)}
    missing = sorted(served - EXPECTED.keys())
    stale = sorted(EXPECTED.keys() - served)
    assert not missing, (
        "Routes missing from EXPECTED in tests/security/test_route_matrix.py "
        f"(say what anon/student/teacher/admin get): {missing}"
    )
    assert not stale, f"EXPECTED lists routes the app no longer has: {stale}"


@pytest.fixture
def world(app):
    return build_world(app)


def test_every_get_route_gives_each_role_what_the_table_says(app, world):
    problems = []
    for rule, method in routes(app):
        if method != "GET" or (rule.endpoint, method) not in EXPECTED:
            continue
        for actor, expected in _cells(EXPECTED[rule.endpoint, method]):
            got = outcome(_request(world, app, rule, method, actor), method)
            if got != expected:
                problems.append(f"GET {rule.endpoint} as {actor}: expected {expected}, got {got}")
    assert not problems, "\n".join(problems)


def test_every_post_route_gives_each_role_what_the_table_says(app, world):
    problems = []
    for rule, method in routes(app):
        if method != "POST" or (rule.endpoint, method) not in EXPECTED:
            continue
        for actor, expected in _cells(EXPECTED[rule.endpoint, method]):
            world.build_objects()
            got = outcome(_request(world, app, rule, method, actor), method)
            if got != expected:
                problems.append(f"POST {rule.endpoint} as {actor}: expected {expected}, got {got}")
    assert not problems, "\n".join(problems)


def test_no_get_route_changes_anything(app, world):
    """ASVS 3.5.3-style: state changes only on POST. Every GET, as every role, leaves
    every row of every table as it was, except the audit record of an admin opening a
    student's answers, which reading is meant to write."""
    before = snapshot()
    for rule, method in routes(app):
        if method == "GET":
            for actor in (*ROLES, *OTHERS):
                world.clients[actor].get(url_for_actor(app, world, rule, actor)).close()
    after = snapshot()
    changed = [name for name in before if before[name] != after[name] and name != "admin_view"]
    assert not changed, f"GET requests changed the tables {changed}"


def test_every_post_route_refuses_a_missing_csrf_token(app, world):
    """3.5.1: without the token, no role gets through and nothing is written."""
    before = snapshot()
    problems = []
    for rule, method in routes(app):
        if method != "POST":
            continue
        for actor in ROLES:
            url = url_for_actor(app, world, rule, actor)
            response = world.clients[actor].post(url, data={"name": "x", "code": "x"})
            if response.status_code != 400:
                problems.append(f"POST {rule.endpoint} as {actor}: {response.status_code}")
    assert not problems, "POST without a CSRF token was not refused: " + "; ".join(problems)
    assert snapshot() == before
