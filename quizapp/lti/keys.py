"""MythCheck's own signing keys: made and rotated on /admin/lti or by `flask lti-keys
rotate`, published at /.well-known/jwks.json. A platform checks our deep-linking
answers and service tokens against them."""

import json
from datetime import timedelta

from jwcrypto.jwk import JWK

from .. import clock
from ..extensions import db
from .models import LtiKey

# Our tokens (deep-linking answers, service assertions) live ten minutes at most; a
# platform may cache our key set for a day. A retired key stays published that long.
RETIRED_KEY_KEPT = timedelta(days=1)


class NoSigningKey(RuntimeError):
    """No key made yet: an admin makes one on /admin/lti (or `flask lti-keys rotate`)."""


def _new_key() -> LtiKey:
    jwk = JWK.generate(kty="RSA", size=2048)
    return LtiKey(
        kid=jwk.thumbprint(),
        private_pem=jwk.export_to_pem(private_key=True, password=None).decode(),
        public_pem=jwk.export_to_pem().decode(),
    )


def rotate() -> tuple[LtiKey, int]:
    """A new signing key; the previous one retires (still published), and keys retired
    longer than RETIRED_KEY_KEPT are dropped. Returns the new key and how many went."""
    now = clock.now()
    for key in published_keys():
        if key.retired_at is None:
            key.retired_at = now
    expired = db.session.execute(
        db.delete(LtiKey).where(LtiKey.retired_at < now - RETIRED_KEY_KEPT)
    ).rowcount
    key = _new_key()
    db.session.add(key)
    db.session.commit()
    return key, expired


def published_keys() -> list[LtiKey]:
    return list(db.session.execute(db.select(LtiKey).order_by(LtiKey.id)).scalars())


def current_key() -> LtiKey | None:
    """The key that signs now, or None before the first is made."""
    return db.session.execute(
        db.select(LtiKey).where(LtiKey.retired_at.is_(None)).order_by(LtiKey.id.desc())
    ).scalar()


def signing_key() -> LtiKey:
    key = current_key()
    if key is None:
        raise NoSigningKey("No LTI signing key: make one on /admin/lti.")
    return key


def public_jwk(key: LtiKey) -> dict:
    jwk = json.loads(JWK.from_pem(key.public_pem.encode()).export_public())
    return {**jwk, "kid": key.kid, "alg": "RS256", "use": "sig"}


def key_set() -> dict:
    """The JWKS document: every key a platform may still meet in our tokens."""
    return {"keys": [public_jwk(key) for key in published_keys()]}
