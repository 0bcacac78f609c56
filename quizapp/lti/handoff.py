"""One-time tickets from a launch to a signed-in page: where the LMS frame kept our
cookie the ticket is simply used up; where it did not, it signs the person in in a
new tab. A ticket works once, for two minutes."""

import hashlib
import secrets
from datetime import timedelta

from .. import clock
from ..extensions import db
from ..models import User
from .models import LtiHandoff

LIFETIME = timedelta(minutes=2)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(user: User, target: str, origins: list[str]) -> str:
    token = secrets.token_urlsafe(24)
    db.session.add(
        LtiHandoff(
            token_hash=_hash(token),
            user_id=user.id,
            target=target,
            origins=origins,
            expires_at=clock.now() + LIFETIME,
        )
    )
    return token


def peek(token: str) -> LtiHandoff | None:
    ticket = db.session.get(LtiHandoff, _hash(token))
    if ticket is None or ticket.expires_at <= clock.now():
        return None
    return ticket


def redeem(token: str) -> tuple[User, str, list[str]] | None:
    """(user, target, frame origins) of the ticket, used up; None if it is unknown,
    used, expired, or its account was disabled."""
    ticket = peek(token)
    if ticket is None:
        return None
    user_id, target, origins = ticket.user_id, ticket.target, list(ticket.origins)
    taken = db.session.execute(
        db.delete(LtiHandoff).where(LtiHandoff.token_hash == ticket.token_hash)
    ).rowcount
    db.session.commit()
    user = db.session.get(User, user_id)
    if taken != 1 or user is None or not user.is_active:
        return None
    return user, target, origins


def purge_expired() -> int:
    gone = db.session.execute(
        db.delete(LtiHandoff).where(LtiHandoff.expires_at <= clock.now())
    ).rowcount
    db.session.commit()
    return gone
