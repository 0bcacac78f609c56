"""A small world for walking every route: one user per role, two outsiders,
a class with a student and an assignment, and an open attempt per user.

Route parameters are filled by name from PARAMS, with objects the acting user
may legitimately reach; the "other" actors get the owner's objects instead.
"""

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import url_for
from werkzeug.routing import Rule

from quizapp import attempts
from quizapp.content import PRE_QUIZ, QuizKind
from quizapp.extensions import db
from quizapp.live import service
from quizapp.lti.models import LtiPlatform
from quizapp.models import Assignment, Lesson, Myth, Quiz, User
from tests.conftest import Auth, make_class, make_user
from tests.security.conftest import FreshContextClient

ROLES = ("anon", "student", "teacher", "admin")
OTHERS = {"other_student": "student", "other_teacher": "teacher"}
METHODS = ("GET", "POST")


@dataclass
class World:
    users: dict[str, User]
    clients: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)
    tokens: dict = field(default_factory=dict)

    def login(self, actor: str) -> None:
        if actor != "anon":
            Auth(self.clients[actor]).login(self.users[actor])
        self.tokens[actor] = Auth(self.clients[actor]).csrf_token("/help")

    def token(self, actor: str) -> str:
        """The actor's CSRF token (valid for the whole session)."""
        return self.tokens[actor]

    def build_objects(self) -> None:
        """Fresh class, assignment and attempts (POSTs may archive or delete them)."""
        teacher, student = self.users["teacher"], self.users["student"]
        classroom = make_class(teacher, "Walk class", students=[student])
        lesson_quiz = (
            db.session.execute(
                sa.select(Quiz).filter_by(kind=QuizKind.LESSON).order_by(Quiz.position)
            )
            .scalars()
            .first()
        )
        assignment = Assignment(classroom_id=classroom.id, quiz_id=lesson_quiz.id)
        db.session.add(assignment)
        db.session.commit()
        live = service.create_session(classroom, teacher.id, lesson_quiz.id, {})
        pre = db.session.get(Quiz, PRE_QUIZ)
        self.objects = {
            "platform_id": walk_platform_id(),
            "classroom_id": classroom.id,
            "join_code": classroom.join_code,
            "live_session_id": live.id,
            "live_code": live.join_code,
            "assignment_id": assignment.id,
            "attempts": {
                name: attempts.start_attempt(user.id, pre).id for name, user in self.users.items()
            },
            "lesson_id": db.session.execute(sa.select(Lesson.id).order_by(Lesson.position))
            .scalars()
            .first(),
            "myth_id": db.session.execute(sa.select(Myth.id).order_by(Myth.position))
            .scalars()
            .first(),
        }


def build_world(app) -> World:
    users = {role: make_user(role) for role in ROLES if role != "anon"}
    users.update({name: make_user(role) for name, role in OTHERS.items()})
    world = World(users=users)
    app.test_client_class = FreshContextClient
    for actor in (*ROLES, *OTHERS):
        world.clients[actor] = app.test_client()
        world.login(actor)
    world.build_objects()
    return world


def walk_platform_id() -> int:
    """A registered LMS for the admin's platform pages (made once; a POST may edit it)."""
    found = db.session.execute(sa.select(LtiPlatform.id).filter_by(client_id="walk")).scalar()
    if found is not None:
        return found
    platform = LtiPlatform(
        name="Walk LMS",
        issuer="https://lms.example",
        client_id="walk",
        deployment_ids=["1"],
        login_url="https://lms.example/login",
        token_url="https://lms.example/token",
        key_set_url="https://lms.example/jwks",
    )
    db.session.add(platform)
    db.session.commit()
    return platform.id


def _owner(actor: str) -> str:
    """Whose objects an actor uses: outsiders get the owner's, everyone else their own."""
    return OTHERS.get(actor, actor)


# Route parameter name -> value for (world, actor). A new parameter name needs a line here.
PARAMS = {
    "attempt_id": lambda w, a: w.objects["attempts"]["student" if a == "anon" else _owner(a)],
    "position": lambda w, a: 1,
    "lesson_id": lambda w, a: w.objects["lesson_id"],
    "quiz_id": lambda w, a: PRE_QUIZ,
    "assignment_id": lambda w, a: w.objects["assignment_id"],
    "classroom_id": lambda w, a: w.objects["classroom_id"],
    "user_id": lambda w, a: w.users["student"].id,
    "myth_id": lambda w, a: w.objects["myth_id"],
    "code": lambda w, a: w.objects["join_code"],
    "session_id": lambda w, a: w.objects["live_session_id"],
    "session_code": lambda w, a: w.objects["live_code"],
    "filename": lambda w, a: "css/app.css",
    "name": lambda w, a: "items",
    "language": lambda w, a: "es",
    "token": lambda w, a: "no-such-ticket",
    "key": lambda w, a: "deep-link-none",
    "platform_id": lambda w, a: w.objects["platform_id"],
}


def url_for_actor(app, world: World, rule: Rule, actor: str) -> str:
    missing = [name for name in rule.arguments if name not in PARAMS]
    assert not missing, (
        f"Route {rule.endpoint} ({rule.rule}) has parameters {missing} that "
        f"tests/security/world.py PARAMS cannot fill: add a line for each."
    )
    values = {name: PARAMS[name](world, actor) for name in rule.arguments}
    with app.test_request_context():
        return url_for(rule.endpoint, **values)


def routes(app) -> list[tuple[Rule, str]]:
    """Every (rule, method) the app serves, except HEAD and OPTIONS."""
    return sorted(
        (
            (rule, method)
            for rule in app.url_map.iter_rules()
            for method in METHODS
            if method in rule.methods
        ),
        key=lambda pair: (pair[0].endpoint, pair[1]),
    )


def snapshot() -> dict[str, list]:
    """Every row of every table, to prove that a walk changed nothing."""
    db.session.rollback()
    tables = {}
    for table in db.metadata.sorted_tables:
        order = list(table.primary_key.columns) or list(table.columns)
        tables[table.name] = [tuple(r) for r in db.session.execute(table.select().order_by(*order))]
    db.session.rollback()
    return tables
