"""Template helpers: versioned static URLs, the role's navigation links, and the
filters any page may use."""

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from flask import Flask, Response, current_app, has_request_context, request, url_for
from flask_babel import format_decimal, get_translations
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from .content import AttemptMode, QuizKind
from .quiz_labels import label_of, mode_word
from .reading import course_language
from .users.changes import role_label


@dataclass(frozen=True)
class NavLink:
    endpoint: str
    label: str


ROLE_LINKS = {
    "teacher": (NavLink("teach.dashboard", _l("My classes")),),
    "admin": (NavLink("teach.dashboard", _l("My classes")), NavLink("admin.overview", _l("Admin"))),
}


@cache
def _file_version(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:10]


def asset(filename: str) -> str:
    """URL of a static file with its content hash, so it can be cached for a year.
    In a request it is worked out once per process, static folder and mount point:
    every page links half a dozen."""
    if not has_request_context():
        return _asset_url(filename)
    return _asset_url_cached(current_app.static_folder, request.script_root, filename)


def _asset_url(filename: str) -> str:
    path = Path(current_app.static_folder) / filename
    return url_for("static", filename=filename, v=_file_version(str(path)))


@cache
def _asset_url_cached(_static_folder: str, _script_root: str, filename: str) -> str:
    return _asset_url(filename)


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


def count_of(count: int, singular: str, plural: str) -> str:
    """`1 time`, `1,204 times` (`1.204 veces`): the count written for the page's
    language, in the phrase that agrees with it. `singular` and `plural` are msgids
    with `%(num)s`; `pybabel extract` collects them (babel.cfg: `count_of:2,3`)."""
    phrase = get_translations().ungettext(singular, plural, count)
    return phrase % {"num": format_decimal(count)}


def decimal(value: float, places: int = 2) -> str:
    """`0.45` (`0,45` in Spanish): a figure with a fixed number of decimals."""
    return format_decimal(value, "0." + "0" * places)


def said(row, name: str):
    """A course row's text (`lesson|said("title")`) in the language of the page."""
    return row.in_language(name, course_language())


def spaced_code(code: str) -> str:
    """A join code in two halves, easier to read aloud: ABC DEF."""
    half = len(code) // 2
    return f"{code[:half]} {code[half:]}"


@dataclass(frozen=True)
class Band:
    key: str
    label: str


BANDS = ((80, Band("high", "80+")), (50, Band("mid", "50–79")), (0, Band("low", _l("under 50"))))


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
    app.jinja_env.globals["count_of"] = count_of
    app.jinja_env.filters["number"] = format_decimal
    app.jinja_env.filters["decimal"] = decimal
    app.jinja_env.filters["role_label"] = role_label
    app.jinja_env.filters["mode_label"] = mode_word
    app.jinja_env.filters["join_code"] = spaced_code
    app.jinja_env.filters["score_band"] = score_band
    app.jinja_env.filters["label_of"] = label_of
    app.jinja_env.filters["said"] = said
    app.jinja_env.globals["public_url"] = public_url
    app.jinja_env.globals.update(QuizKind=QuizKind, AttemptMode=AttemptMode)
    app.after_request(buffer_static_file)

    @app.context_processor
    def navigation():
        return {"role_links": role_links()}
