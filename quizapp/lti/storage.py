"""Where a launch keeps its one-time values between the login request and the launch:
the database, so a launch started on one instance finishes on any other, and a frame
that blocks cookies loses nothing but the state cookie."""

from datetime import timedelta

from pylti1p3.launch_data_storage.base import LaunchDataStorage
from pylti1p3.session import SessionService

from .. import clock
from ..extensions import db
from .models import LtiStoreEntry


class DatabaseStorage(LaunchDataStorage):
    """Keys live until their expiry; expired ones read as missing."""

    def get_session_cookie_name(self):
        return None

    def can_set_keys_expiration(self) -> bool:
        return True

    def get_value(self, key: str):
        entry = db.session.get(LtiStoreEntry, self._prepare_key(key))
        if entry is None or entry.expires_at <= clock.now():
            return None
        return entry.value

    def set_value(self, key: str, value, exp: int | None = None) -> None:
        key = self._prepare_key(key)
        expires_at = clock.now() + timedelta(seconds=exp or 3600)
        entry = db.session.get(LtiStoreEntry, key)
        if entry is None:
            db.session.add(LtiStoreEntry(key=key, value=value, expires_at=expires_at))
        else:
            entry.value, entry.expires_at = value, expires_at
        db.session.commit()

    def check_value(self, key: str) -> bool:
        return self.get_value(key) is not None

    def take(self, key: str) -> bool:
        """Delete the key; True only for the one caller that found it unexpired."""
        taken = db.session.execute(
            db.delete(LtiStoreEntry).where(
                LtiStoreEntry.key == self._prepare_key(key),
                LtiStoreEntry.expires_at > clock.now(),
            )
        ).rowcount
        db.session.commit()
        return taken == 1


def purge_expired() -> int:
    gone = db.session.execute(
        db.delete(LtiStoreEntry).where(LtiStoreEntry.expires_at <= clock.now())
    ).rowcount
    db.session.commit()
    return gone


class OneTimeNonces(SessionService):
    """pylti1p3 only asks whether a nonce was issued; here checking it also uses it up,
    so a captured launch cannot be replayed."""

    NONCE_LIFETIME = 600

    def __init__(self, request):
        super().__init__(request)
        self.set_data_storage(DatabaseStorage())
        self._launch_data_lifetime = self.NONCE_LIFETIME

    def check_nonce(self, nonce: str) -> bool:
        return self.data_storage.take(self._get_key("nonce", nonce))
