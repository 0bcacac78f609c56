"""Template helpers: versioned static URLs, the role's navigation links, and the
filters any page may use."""

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from flask import Flask, Response, current_app, request, url_for
from flask_login import current_user

from .content import AttemptMode, QuizKind
from .quiz_labels import quiz_label


@dataclass(frozen=True)
class NavLink:
    endpoint: str
    label: str


ROLE_LINKS = {
    "teacher": (NavLink("teach.dashboard", "My classes"),),
    "admin": (NavLink("teach.dashboard", "My classes"), NavLink("admin.overview", "Admin")),
}


@cache
def _file_version(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:10]


def asset(filename: str) -> str:
    """URL of a static file with its content hash, so it can be cached for a year."""
    path = Path(current_app.static_folder) / filename
    return url_for("static", filename=filename, v=_file_version(str(path)))


def public_url(endpoint: str, **values) -> str:
    """An absolute link to share (join links, QR codes): from PUBLIC_URL when it is set
    (always in production), never from the Host header a request happened to carry."""
    base = current_app.config.get("PUBLIC_URL")
    if base:
        return base + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def role_links() -> list[NavLink]:
    if not current_user.is_authenticated:
        return []
    links = ROLE_LINKS.get(current_user.role, ())
    return [link for link in links if link.endpoint in current_app.view_functions]


def count_of(count: int, word: str, plural: str | None = None) -> str:
    """`1 time`, `1,204 times`: the count with the noun that agrees with it."""
    noun = word if count == 1 else plural or f"{word}s"
    return f"{count:,} {noun}"


def spaced_code(code: str) -> str:
    """A join code in two halves, easier to read aloud: ABC DEF."""
    half = len(code) // 2
    return f"{code[:half]} {code[half:]}"


@dataclass(frozen=True)
class Band:
    key: str
    label: str


BANDS = ((80, Band("high", "80+")), (50, Band("mid", "50–79")), (0, Band("low", "under 50")))


def score_band(percent: int) -> Band:
    """The band a score falls in, shown in words and colour (the progress grid)."""
    return next(band for floor, band in BANDS if percent >= floor)


def buffer_static_file(response: Response) -> Response:
    """Read a static file into memory so Flask-Compress compresses it whole.

    Its streaming path offers no gzip (what browsers send over plain HTTP) and
    never closes the file; our static files are small and cached for a year.
    """
    if request.endpoint == "static" and response.direct_passthrough:
        response.direct_passthrough = False
        response.make_sequence()
    return response


def init_app(app: Flask) -> None:
    """Call after compress.init_app: after_request hooks run last-registered first."""
    app.jinja_env.globals["asset"] = asset
    app.jinja_env.filters["count_of"] = count_of
    app.jinja_env.filters["join_code"] = spaced_code
    app.jinja_env.filters["score_band"] = score_band
    app.jinja_env.filters["quiz_label"] = quiz_label
    app.jinja_env.globals["public_url"] = public_url
    app.jinja_env.globals.update(QuizKind=QuizKind, AttemptMode=AttemptMode)
    app.after_request(buffer_static_file)

    @app.context_processor
    def navigation():
        return {"role_links": role_links()}
