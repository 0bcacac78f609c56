"""Launching MythCheck from the test LMS (tests/e2e/lms_server.py) through the test client."""

import base64
import json
import re
from urllib.parse import urlsplit

import jwt
import pytest
import requests
from jwcrypto.jwk import JWK

from quizapp.lti import keys, registry
from quizapp.lti.forms import deployment_list
from quizapp.lti.registry import ServiceTokens
from tests.e2e.lms_server import INSTRUCTOR, LEARNER, SchoolLms

TOOL_URL = "http://localhost"
FIELD = re.compile(r"name='(id_token|state)' value='([^']*)'")
__all__ = ["INSTRUCTOR", "LEARNER"]


@pytest.fixture(scope="module")
def lms_server():
    lms = SchoolLms(TOOL_URL).start()
    yield lms
    lms.stop()


@pytest.fixture
def lms(app, lms_server):
    """The LMS, registered on MythCheck, with MythCheck holding a signing key."""
    keys.rotate()
    values = lms_server.registration_values()
    registry.register({**values, "deployment_ids": deployment_list(values["deployment_ids"])})
    lms_server.tool_key_set = keys.key_set()
    lms_server.state.__init__()
    ServiceTokens.forget()
    return lms_server


def local(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def authorize(client, lms, user_id: str, roles: list[str], **details) -> dict:
    """The login initiation and the platform's answer: the launch's id_token and state."""
    response = client.get(local(lms.plan(user_id, roles, **details)))
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.location.startswith(lms.url("/authorize"))
    form = requests.get(response.location, timeout=10).text
    return dict(FIELD.findall(form))


def launch(client, lms, user_id: str, roles: list[str], **details):
    """A whole launch; the response after the handoff (the target's redirect)."""
    fields = authorize(client, lms, user_id, roles, **details)
    return post_launch(client, fields)


def post_launch(client, fields: dict):
    return client.post("/lti/launch", data=fields)


def claims(id_token: str) -> tuple[dict, dict]:
    header, body = id_token.split(".")[:2]
    decode = lambda part: json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))  # noqa: E731
    return decode(header), decode(body)


def resign(lms, id_token: str, changes: dict, key_pem: str | None = None) -> str:
    """The token with its claims changed, signed again by the LMS (or by another key)."""
    header, body = claims(id_token)
    body.update(changes)
    body = {name: value for name, value in body.items() if value is not None}
    return jwt.encode(
        body, key_pem or lms.private_pem, algorithm="RS256", headers={"kid": header["kid"]}
    )


def stranger_key() -> str:
    return (
        JWK.generate(kty="RSA", size=2048).export_to_pem(private_key=True, password=None).decode()
    )
