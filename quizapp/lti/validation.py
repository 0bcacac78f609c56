"""Checking a launch: every check of LTI 1.3 section 5.1.3, in order, each one named,
so a refusal says which check failed."""

import hashlib

import jwt
from flask_babel import lazy_gettext as _l
from pylti1p3.contrib.flask import FlaskMessageLaunch, FlaskRequest
from pylti1p3.exception import LtiKeyException

from .registry import DatabaseToolConf
from .storage import DatabaseStorage, OneTimeNonces

REASONS = {
    "state": _l(
        "This launch did not start in this browser, or your browser blocked our cookie "
        "in the LMS frame. Open the activity again from your course."
    ),
    "format": _l("The LMS sent a launch we could not read."),
    "nonce": _l("This launch was already used or has expired. Open the activity again."),
    "registration": _l("This LMS is not registered with MythCheck. Ask your school's admin."),
    "signature": _l("The launch was not signed by the registered LMS."),
    "audience": _l("The launch was meant for another tool."),
    "expired": _l("The launch has expired. Open the activity again from your course."),
    "deployment": _l("This installation of MythCheck in your LMS is not registered."),
    "message": _l("The LMS sent a kind of launch MythCheck does not know."),
}
KEY_SET_CACHE_SECONDS = 3600


def key_set_cache_key(url: str) -> str:
    """Where pylti1p3 caches a platform's key set (MessageLaunch.fetch_public_key)."""
    return "key-set-url-" + hashlib.md5(url.encode("utf-8")).hexdigest()


class LaunchRefused(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason

    @property
    def message(self) -> str:
        return str(REASONS[self.reason])


class ToolLaunch(FlaskMessageLaunch):
    """pylti1p3's launch with the checks it leaves out: audience, authorized party,
    issuer and expiry in the token itself, and nonces used once (OneTimeNonces)."""

    def __init__(self):
        request = FlaskRequest()
        super().__init__(request, DatabaseToolConf(), session_service=OneTimeNonces(request))
        self.set_public_key_caching(DatabaseStorage(), KEY_SET_CACHE_SECONDS)

    def validate(self):
        self._validated = True
        steps = (
            ("state", self.validate_state),
            ("format", self.validate_jwt_format),
            ("nonce", self.validate_nonce),
            ("registration", self.validate_registration),
            ("signature", self.validate_jwt_signature),
            ("audience", self.validate_authorized_party),
            ("deployment", self.validate_deployment),
            ("message", self.validate_message),
        )
        for reason, step in steps:
            try:
                step()
            except LaunchRefused:
                self._validated = False
                raise
            except Exception as error:
                self._validated = False
                raise LaunchRefused(reason) from error
        return self

    def get_public_key(self):
        """The platform's key for this token. A key id missing from the cached key set
        (the platform rotated its keys) fetches the set again, once."""
        try:
            return super().get_public_key()
        except LtiKeyException:
            url = self._registration.get_key_set_url()
            if not url or not DatabaseStorage().take(key_set_cache_key(url)):
                raise
            self._registration.set_key_set(None)
            return super().get_public_key()

    def validate_jwt_signature(self):
        """The signature against the platform's (cached) key set, with the token's
        issuer, audience and expiry checked by PyJWT in the same pass."""
        public_key, algorithm = self.get_public_key()
        try:
            jwt.decode(
                self._get_id_token(),
                public_key,
                algorithms=[algorithm],
                audience=self._registration.get_client_id(),
                issuer=self._registration.get_issuer(),
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.ExpiredSignatureError as error:
            raise LaunchRefused("expired") from error
        except (jwt.InvalidAudienceError, jwt.InvalidIssuerError) as error:
            raise LaunchRefused("audience") from error
        return self

    def validate_authorized_party(self):
        """With several audiences the token must name us as its authorized party, and
        an `azp` that is present must be us."""
        body = self._get_jwt_body()
        audiences = body.get("aud")
        azp = body.get("azp")
        client_id = self._registration.get_client_id()
        several = isinstance(audiences, list) and len(audiences) > 1
        if (several or azp is not None) and azp != client_id:
            raise LaunchRefused("audience")
        return self

    def body(self) -> dict:
        return self._get_jwt_body()
