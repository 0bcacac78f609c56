"""The languages the app speaks, and which one each request is answered in.

A signed-in person reads the language saved on their account; a visitor the one
they picked with the language link (kept in the session), else the best match of
their browser's Accept-Language. Every page offers the other languages without
JavaScript: a visitor follows a plain link (a GET that only sets the session); a
signed-in person presses a one-button form that looks like a link, since saving
on the account is a change and changes are POST only, behind the CSRF token.
"""

from dataclasses import dataclass

from flask import Blueprint, Flask, g, has_request_context, redirect, request, session, url_for
from flask_babel import get_locale, get_translations
from flask_login import current_user, login_required

from .auth.routes import is_local_path
from .config import ROOT
from .extensions import babel, db
from .forms import require_button
from .learn.interrupted import shows_a_page

DEFAULT_LANGUAGE = "en"
# Each language by its own name: a reader who cannot read the page still finds theirs.
LANGUAGES = {"en": "English", "es": "Español"}

bp = Blueprint("languages", __name__)


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str  # the visitor's link
    back: str  # the page to come back to, sent with the signed-in person's form


def select_language() -> str:
    """The request's language; outside a request (a command, a service called in an
    app context) the default."""
    if not has_request_context():
        return DEFAULT_LANGUAGE
    if current_user.is_authenticated and current_user.language in LANGUAGES:
        return current_user.language
    chosen = session.get("language")
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(LANGUAGES, default=DEFAULT_LANGUAGE)


def page_language() -> str:
    """The `lang` of the page: the language the request is answered in."""
    return str(get_locale())


def _this_page() -> str:
    """Where the language link comes back to: this page, or home when it was the
    answer to a POST that a GET cannot show again."""
    if request.method == "GET":
        here = request.full_path.rstrip("?")
    elif shows_a_page(request.path):
        here = request.path
    else:
        return url_for("learn.home")
    return here if is_local_path(here) else url_for("learn.home")


def language_links() -> list[LanguageLink]:
    """A link to each language but the page's own, coming back to this page."""
    here, current = _this_page(), page_language()
    return [
        LanguageLink(code, name, url_for("languages.choose", language=code, next=here), here)
        for code, name in LANGUAGES.items()
        if code != current
    ]


def _back(target: str):
    return redirect(target if is_local_path(target) else url_for("learn.home"), code=303)


@bp.get("/language/<language>")
def choose(language: str):
    """A visitor reads the app in this language from now on (kept in the session),
    starting with the page the link was on. A signed-in person's language is the
    one saved on the account, changed only by `save`."""
    if language in LANGUAGES and not current_user.is_authenticated:
        session["language"] = language
    return _back(request.args.get("next", ""))


@bp.post("/language/<language>")
@login_required
def save(language: str):
    """Save this language on the signed-in person's account, then show the page the
    form was on again, in it."""
    require_button()
    if language in LANGUAGES:
        current_user.language = language
        db.session.commit()
    return _back(request.form.get("next", ""))


def page_catalog():
    """The catalog of the request's language, found once per request and kept in `g`
    beside the locale Flask-Babel keeps there: a page translates some twenty
    strings, and Flask-Babel finds its domain, locale and cache again for each."""
    catalog = g.get("page_catalog")
    if catalog is None:
        catalog = g.page_catalog = get_translations()
    return catalog


def _install_template_gettext(app: Flask) -> None:
    """`_()` and `ngettext()` of the templates, from `page_catalog`."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda string: page_catalog().ugettext(string),
        ngettext=lambda singular, plural, n: page_catalog().ungettext(singular, plural, n),
        newstyle=True,
        pgettext=lambda context, string: page_catalog().upgettext(context, string),
        npgettext=lambda context, singular, plural, n: page_catalog().unpgettext(
            context, singular, plural, n
        ),
    )


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(ROOT / "translations"))
    babel.init_app(app, locale_selector=select_language)
    _install_template_gettext(app)
    app.jinja_env.globals["page_language"] = page_language
    app.jinja_env.globals["language_links"] = language_links
    app.register_blueprint(bp)
