"""The platforms an admin registered, as pylti1p3 wants to find them."""

import time
from urllib.parse import urlsplit

from pylti1p3.deployment import Deployment
from pylti1p3.registration import Registration
from pylti1p3.service_connector import ServiceConnector
from pylti1p3.tool_config import ToolConfAbstract
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from .keys import signing_key
from .models import LtiPlatform


def all_platforms() -> list[LtiPlatform]:
    return list(db.session.execute(db.select(LtiPlatform).order_by(LtiPlatform.name)).scalars())


def find_platform(issuer: str, client_id: str | None) -> LtiPlatform | None:
    """The platform of this issuer and client id; without a client id (some platforms
    leave it out of the login request), the issuer's only registration."""
    query = db.select(LtiPlatform).filter_by(issuer=issuer)
    if client_id:
        return db.session.execute(query.filter_by(client_id=client_id)).scalar_one_or_none()
    found = list(db.session.execute(query.limit(2)).scalars())
    return found[0] if len(found) == 1 else None


def register(data: dict) -> LtiPlatform:
    platform = LtiPlatform()
    save(platform, data)
    return platform


def save(platform: LtiPlatform, data: dict) -> bool:
    """Store a new or corrected registration; False (nothing saved, the form says why)
    when another request registered the same issuer and client ID first."""
    for name, value in data.items():
        setattr(platform, name, value)
    db.session.add(platform)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


def frame_origins() -> list[str]:
    """The web origins of every registered platform (for CSP frame-ancestors)."""
    origins = set()
    for platform in all_platforms():
        for url in (platform.issuer, platform.login_url):
            parts = urlsplit(url)
            if parts.scheme in ("http", "https") and parts.netloc:
                origins.add(f"{parts.scheme}://{parts.netloc}")
    return sorted(origins)


def as_registration(platform: LtiPlatform) -> Registration:
    key = signing_key()
    return (
        Registration()
        .set_issuer(platform.issuer)
        .set_client_id(platform.client_id)
        .set_auth_login_url(platform.login_url)
        .set_auth_token_url(platform.token_url)
        .set_key_set_url(platform.key_set_url)
        .set_tool_private_key(key.private_pem)
        .set_tool_public_key(key.public_pem)
    )


class DatabaseToolConf(ToolConfAbstract):
    """pylti1p3's view of the registrations: every issuer may have many client ids."""

    def check_iss_has_one_client(self, iss: str) -> bool:
        return False

    def check_iss_has_many_clients(self, iss: str) -> bool:
        return True

    def find_registration_by_issuer(self, iss, *args, **kwargs):
        return self.find_registration_by_params(iss, None)

    def find_registration_by_params(self, iss, client_id, *args, **kwargs):
        platform = find_platform(iss, client_id)
        return as_registration(platform) if platform else None

    def find_deployment(self, iss, deployment_id):
        return self.find_deployment_by_params(iss, deployment_id, None)

    def find_deployment_by_params(self, iss, deployment_id, client_id, *args, **kwargs):
        platform = find_platform(iss, client_id)
        if platform is None or deployment_id not in platform.deployment_ids:
            return None
        return Deployment().set_deployment_id(deployment_id)


class ServiceTokens(ServiceConnector):
    """pylti1p3's service calls with access tokens kept per process until they expire;
    `forget()` drops them (after a refusal: the platform may have changed its keys)."""

    tokens: dict[str, tuple[str, float]] = {}

    def _get_cached_access_token(self, scope_key: str) -> str | None:
        token, expires = self.tokens.get(scope_key, (None, 0.0))
        return token if expires > time.monotonic() else None

    def _cache_access_token(self, scope_key: str, access_token: str, expires_in: float):
        self.tokens[scope_key] = (access_token, time.monotonic() + expires_in - 30)

    @classmethod
    def forget(cls) -> None:
        cls.tokens.clear()


def service_connector(platform: LtiPlatform) -> ServiceTokens:
    return ServiceTokens(as_registration(platform))
