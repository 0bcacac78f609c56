"""Settings from the environment.

Every setting has a safe default for development; `ProductionConfig` refuses to
start without a real SECRET_KEY.
"""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = ROOT / "instance"
INSECURE_KEY = "dev-only-insecure-key"


def _database_url() -> str:
    return os.environ.get("DATABASE_URL") or f"sqlite:///{INSTANCE / 'mythcheck.db'}"


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", INSECURE_KEY)
    SQLALCHEMY_DATABASE_URI = _database_url()
    # No ping before each request: it was one more round trip on every answer. After a
    # database restart, the first request on each stale connection fails (and the
    # student's page resends the answer); SQLAlchemy then replaces the whole pool.
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": False}
    CONTENT_DIR = os.environ.get("CONTENT_DIR", str(ROOT / "questions"))
    # How often a process asks whether the content was reloaded (catalog.py).
    CONTENT_RECHECK_SECONDS = float(os.environ.get("CONTENT_RECHECK_SECONDS", "5"))
    # The CSRF token lives as long as the session: a student who leaves a quiz
    # open for hours can still answer.
    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_ENABLED = True
    # If Redis goes away, keep limiting per process instead of failing every login.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    MASTERY_GOAL = float(os.environ.get("MASTERY_GOAL", "0.8"))
    # The school's time zone for dates and times on pages; a class may set its own.
    TIMEZONE = os.environ.get("MYTHCHECK_TIMEZONE", "America/New_York")
    SEND_FILE_MAX_AGE_DEFAULT = 31536000
    COMPRESS_MIMETYPES = [
        "text/html",
        "text/css",
        "text/csv",
        "application/javascript",
        "text/javascript",
        "application/json",
        "image/svg+xml",
    ]
    COMPRESS_ALGORITHM = ["br", "gzip"]
    HSTS = False
    IS_PRODUCTION = False


class ProductionConfig(Config):
    IS_PRODUCTION = True
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    HSTS = True

    def __init__(self):
        key = os.environ.get("SECRET_KEY", "")
        if len(key) < 32 or key == INSECURE_KEY:
            raise RuntimeError(
                "SECRET_KEY must be set to a random string of at least 32 characters "
                "in production (e.g. python -c 'import secrets; print(secrets.token_hex(32))')."
            )
        self.SECRET_KEY = key


def config_for_environment():
    """The config class named by MYTHCHECK_ENV (development by default)."""
    if os.environ.get("MYTHCHECK_ENV", "development") == "production":
        return ProductionConfig()
    return Config()
