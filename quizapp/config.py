"""Settings from the environment.

Every setting has a safe default for development; `ProductionConfig` refuses to
start without a real SECRET_KEY and a public URL. MYTHCHECK_ENV names one of
ENVIRONMENTS; anything else is an error, never a quiet development mode.
"""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = ROOT / "instance"
INSECURE_KEY = "dev-only-insecure-key"
ENVIRONMENTS = ("development", "test", "production")
# Forms are small: the longest, a class name or a password, is far under this.
MAX_FORM_BYTES = 64 * 1024


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    try:
        return int(value) if value else default
    except ValueError:
        raise RuntimeError(f"{name} must be a whole number, not {value!r}.") from None


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
    # How often a process asks whether the content was reloaded (content/snapshot.py).
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
    # Counts the last minute, whatever the clock says: a fixed window lets twice the
    # limit through across its edge (and makes the limit tests depend on the second).
    RATELIMIT_STRATEGY = "moving-window"
    # Per client address, only against a flood: a school behind one NAT address (a class
    # of 35 signing up in five minutes, every class logging in at the bell) stays far under.
    LOGINS_PER_ADDRESS = "300 per minute"
    SIGNUPS_PER_ADDRESS = "200 per 10 minutes"
    MAX_CONTENT_LENGTH = MAX_FORM_BYTES
    MAX_FORM_MEMORY_SIZE = MAX_FORM_BYTES
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
    PUBLIC_URL = ""

    def __init__(self):
        # Read when the app is made (not at import), so each setting follows the environment.
        # How many reverse proxies in front of the app may set X-Forwarded-*: 0 trusts none.
        self.PROXY_HOPS = _env_int("MYTHCHECK_PROXY_HOPS", 0)
        # A session with no request for this long is over (a shared school computer).
        self.IDLE_MINUTES = _env_int("MYTHCHECK_IDLE_MINUTES", 60)
        self.PUBLIC_URL = os.environ.get("MYTHCHECK_PUBLIC_URL", "").rstrip("/")
        # Where live sessions mirror their version number (quizapp/live/signal.py);
        # empty: the poll reads the database.
        self.LIVE_REDIS_URL = os.environ.get("LIVE_REDIS_URL", "")
        # How long the waiter (quizapp/live/waiter.py) holds a poll whose session has
        # not changed before its 204: under the 30 s after which a phone's network
        # may drop a silent connection. The page waits this long plus 10 s for it.
        self.LIVE_WAIT_SECONDS = float(os.environ.get("LIVE_WAIT_SECONDS", "25"))
        # How often a live screen asks whether the session moved on, and how often the
        # teacher's screens ask for the joined and answered counts.
        self.LIVE_POLL_SECONDS = float(os.environ.get("LIVE_POLL_SECONDS", "1"))
        self.LIVE_COUNTS_SECONDS = float(os.environ.get("LIVE_COUNTS_SECONDS", "2"))


class ProductionConfig(Config):
    IS_PRODUCTION = True
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    HSTS = True

    def __init__(self):
        super().__init__()
        key = os.environ.get("SECRET_KEY", "")
        if len(key) < 32 or key == INSECURE_KEY:
            raise RuntimeError(
                "SECRET_KEY must be set to a random string of at least 32 characters "
                "in production (e.g. python -c 'import secrets; print(secrets.token_hex(32))')."
            )
        self.SECRET_KEY = key
        if not self.PUBLIC_URL.startswith(("https://", "http://")):
            raise RuntimeError(
                "MYTHCHECK_PUBLIC_URL must be set to the site's address in production "
                "(join links and QR codes are built from it, never from the Host header)."
            )


def config_for_environment():
    """The config named by MYTHCHECK_ENV (development by default); any other name is an error."""
    name = os.environ.get("MYTHCHECK_ENV", "development")
    if name not in ENVIRONMENTS:
        raise RuntimeError(
            f"MYTHCHECK_ENV is {name!r}: use one of {', '.join(ENVIRONMENTS)} (or leave it unset)."
        )
    return ProductionConfig() if name == "production" else Config()
