"""A school LMS for the tests: lti1p3platform (a real LTI 1.3 platform implementation
from PyPI, not written here) behind a small Flask app on TEST_LTI_PORT.

It does what Canvas or Moodle do for MythCheck: starts a launch (OIDC login
initiation, then the signed id_token after the tool's authorization request), answers
deep linking, hands out service tokens, keeps line items and the scores posted to
them, and lists the course's members.
"""

from __future__ import annotations

import html
import os
import secrets
import threading
from dataclasses import dataclass, field

from flask import Flask, abort, jsonify, redirect, request
from jwcrypto.jwk import JWK
from lti1p3platform.ltiplatform import LTI1P3PlatformConfAbstract
from lti1p3platform.message_launch import LTIAdvantageMessageLaunchAbstract
from lti1p3platform.oidc_login import OIDCLoginAbstract
from lti1p3platform.registration import Registration
from werkzeug.serving import make_server

from .lms_services import FlaskPlatformRequest, Grades, Members, as_flask


def lms_port(browser_tests: bool = False) -> int:
    """TEST_LTI_PORT (5950) for the web tests, the next port for the browser tests; each
    pytest-xdist worker two ports further on, so workers never share one."""
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0")[2:] or 0)
    return int(os.environ.get("TEST_LTI_PORT", "5950")) + 2 * worker + int(browser_tests)


CLIENT_ID = "mythcheck-client"
DEPLOYMENT_ID = "deployment-1"
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
AUTO_SUBMIT = "<script>document.getElementById('launch').submit()</script>"


@dataclass
class PlannedLaunch:
    user_id: str
    roles: list[str]
    activity: str | None = None
    deep_link: bool = False
    name: str = ""
    context_id: str = "course-101"
    preflight: str = ""
    # Some platforms post the launch form by script, some show a button to press.
    auto_submit: bool = True


@dataclass
class LmsState:
    launches: dict[str, PlannedLaunch] = field(default_factory=dict)
    lineitems: dict[str, dict] = field(default_factory=dict)
    scores: list[dict] = field(default_factory=list)
    members: list[dict] = field(default_factory=list)
    deep_link_items: list[dict] = field(default_factory=list)
    # The scores endpoint answers 503 while this is above zero, counting down.
    refuse_scores: int = 0


class SchoolLms:
    """The platform: its key, where the tool lives, what it has seen."""

    def __init__(self, tool_url: str, tool_key_set=None, port: int | None = None):
        self.port = port or lms_port()
        self.issuer = f"http://127.0.0.1:{self.port}"
        self.tool_url = tool_url.rstrip("/")
        self.tool_key_set = tool_key_set
        jwk = JWK.generate(kty="RSA", size=2048)
        self.private_pem = jwk.export_to_pem(private_key=True, password=None).decode()
        self.public_pem = jwk.export_to_pem().decode()
        self.state = LmsState()
        self._server = None

    def url(self, path: str) -> str:
        return self.issuer + path

    def registration_values(self) -> dict:
        """What an admin types on MythCheck's /admin/lti page for this LMS."""
        return {
            "name": "Test LMS",
            "issuer": self.issuer,
            "client_id": CLIENT_ID,
            "deployment_ids": DEPLOYMENT_ID,
            "login_url": self.url("/authorize"),
            "token_url": self.url("/token"),
            "key_set_url": self.url("/jwks"),
        }

    def registration(self) -> Registration:
        registration = (
            Registration()
            .set_iss(self.issuer)
            .set_client_id(CLIENT_ID)
            .set_deployment_id(DEPLOYMENT_ID)
            .set_oidc_login_url(self.tool_url + "/lti/login")
            .set_launch_url(self.tool_url + "/lti/launch")
            .set_deeplink_launch_url(self.tool_url + "/lti/launch")
            .set_platform_public_key(self.public_pem)
            .set_platform_private_key(self.private_pem)
        )
        if self.tool_key_set is not None:
            key_set = self.tool_key_set() if callable(self.tool_key_set) else self.tool_key_set
            registration.set_tool_key_set(key_set)
        else:
            registration.set_tool_key_set_url(self.tool_url + "/.well-known/jwks.json")
        return registration

    def config(self) -> LTI1P3PlatformConfAbstract:
        lms = self

        class PlatformConf(LTI1P3PlatformConfAbstract):
            def init_platform_config(self, **kwargs):
                pass

            def get_registration_by_params(self, **kwargs):
                return lms.registration()

        return PlatformConf()

    def plan(self, user_id: str, roles: list[str], **details) -> str:
        """The tool's login initiation URL for this person's launch (a course page links it)."""
        hint = secrets.token_urlsafe(8)
        self.state.launches[hint] = PlannedLaunch(user_id, roles, **details)
        login = _OidcLogin(None, self.config())
        login.set_lti_message_hint(hint)
        if self.state.launches[hint].deep_link:
            login.set_deeplinking_launch_url()
        return login.prepare_preflight_url(user_id)

    def launch_form(self, params: dict) -> str:
        """The auto-submitting launch form: the answer to the tool's authorization request."""
        planned = self.state.launches[params["lti_message_hint"]]
        launch = _Launch(FlaskPlatformRequest(_Params(params)), self.config())
        launch.set_user_data(planned.user_id, planned.roles, full_name=planned.name or None)
        launch.set_launch_context_claim(planned.context_id, context_title="Health 101")
        launch.set_resource_link_claim("link-" + (planned.activity or "none"))
        if planned.activity:
            launch.set_custom_parameters_claim({"mythcheck_activity": planned.activity})
        launch.set_ags(
            lineitems_url=self.url("/lineitems"),
            lineitem_url=self.url(f"/lineitems/{self.lineitem_for(planned.activity)}"),
        )
        launch.set_nrps(self.url("/memberships"))
        if planned.deep_link:
            launch.set_dl(self.url("/deep_link_return"), title="Add MythCheck")
        return launch.lti_launch(auto_submit=planned.auto_submit)

    def lineitem_for(self, activity: str | None) -> str:
        item_id = f"item-{activity or 'none'}"
        self.state.lineitems.setdefault(
            item_id,
            {"id": self.url(f"/lineitems/{item_id}"), "label": activity or "", "scoreMaximum": 100},
        )
        return item_id

    def start(self) -> SchoolLms:
        self._server = make_server("127.0.0.1", self.port, _platform_app(self), threaded=True)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()


class _Params:
    """Stands in for a request carrying these query parameters."""

    def __init__(self, params: dict):
        self.method, self.form, self.args = "GET", _Dict(), _Dict(params)
        self.headers, self.content_type, self.path = {}, None, "/authorize"

    def get_json(self, silent=True):
        return None


class _Dict(dict):
    def to_dict(self):
        return dict(self)


class _OidcLogin(OIDCLoginAbstract):
    def set_lti_message_hint(self, hint=None, **kwargs):
        self._lti_message_hint = hint

    def get_redirect(self, url):
        return redirect(url)


class _Launch(LTIAdvantageMessageLaunchAbstract):
    def render_launch_form(self, launch_data, auto_submit=True, **kwargs):
        action = html.escape(launch_data["launch_url"])
        script = (
            "<script>document.getElementById('launch').submit()</script>" if auto_submit else ""
        )
        return (
            "<!doctype html><html lang='en'><head><title>Launching</title></head><body><main>"
            f"<form method='post' action='{action}' id='launch'>"
            f"<input type='hidden' name='id_token' value='{launch_data['id_token']}'>"
            f"<input type='hidden' name='state' value='{html.escape(launch_data['state'])}'>"
            "<h1>Health 101</h1><button type='submit'>Continue to MythCheck</button></form>"
            f"</main>{script}</body></html>"
        )


def _platform_app(lms: SchoolLms) -> Flask:
    app = Flask("test-lms")

    @app.get("/course/<hint>")
    def course_page(hint):
        """A course page that shows MythCheck in a frame, as an LMS does, and a link
        that launches it in the whole window (`?window=<another hint>`)."""
        start = html.escape(f"/start/{hint}")
        window = request.args.get("window")
        link = f"<p><a href='/start/{html.escape(window)}'>Open MythCheck</a></p>" if window else ""
        return (
            "<!doctype html><html lang='en'><head><title>Health 101</title></head><body>"
            f"<main><h1>Health 101</h1>{link}<iframe title='MythCheck' name='tool' src='{start}' "
            "width='400' height='700'></iframe></main></body></html>"
        )

    @app.get("/start/<hint>")
    def start(hint):
        url = lms.state.launches[hint].preflight
        return redirect(url)

    @app.get("/authorize")
    def authorize():
        return lms.launch_form(request.args.to_dict())

    @app.get("/jwks")
    def jwks():
        return jsonify({"keys": lms.registration().get_jwks()})

    @app.post("/token")
    def token():
        config = lms.config()
        config.get_registration()
        return jsonify(config.get_access_token(request.form.to_dict()))

    @app.route("/lineitems", methods=["GET", "POST"])
    def lineitems():
        service = Grades(lms, request)
        if request.method == "POST":
            return as_flask(service.handle_create_lineitem())
        response = service.handle_get_lineitems()
        response.result = response.result["content"] if response.code == 200 else None
        return as_flask(response)

    @app.post("/lineitems/<item_id>/scores")
    def scores(item_id):
        if lms.state.refuse_scores > 0:
            lms.state.refuse_scores -= 1
            abort(503)
        return as_flask(Grades(lms, request).handle_update_score(item_id))

    @app.get("/memberships")
    def memberships():
        return as_flask(Members(lms, request).handle_get_members())

    @app.post("/deep_link_return")
    def deep_link_return():
        config = lms.config()
        config.get_registration()
        items = config.validate_deeplinking_resp(request.form.to_dict())
        lms.state.deep_link_items.extend(items)
        return (
            "<!doctype html><html lang='en'><head><title>Added</title></head><body><main>"
            f"<h1>Added: {html.escape(items[0]['title'])}</h1></main></body></html>"
        )

    return app


def course_page_url(lms: SchoolLms, user_id: str, roles: list[str], **details) -> str:
    """A course page of the LMS: MythCheck launched for this person in a frame, and a
    link that launches it again in the whole window (its launch form waits for a press)."""
    hints = []
    for auto_submit in (True, False):
        preflight = lms.plan(user_id, roles, auto_submit=auto_submit, **details)
        hint = list(lms.state.launches)[-1]
        lms.state.launches[hint].preflight = preflight
        hints.append(hint)
    return lms.url(f"/course/{hints[0]}?window={hints[1]}")
