"""No interface string is left in English on a Spanish page.

Two checks, because either alone misses something. The catalog: every string the
source marks today has a reviewed Spanish translation. The pages: every page the
demo roles and a visitor reach, rendered with a catalog that brackets each
translated string, shows no word outside the brackets that is not data (the
course, names, codes, dates): such a word is template text that never went
through gettext, so no catalog could translate it.
"""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from babel import Locale
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from flask_babel import get_babel
from wtforms.i18n import get_translations

from quizapp.config import ROOT
from quizapp.extensions import db
from quizapp.languages import LANGUAGES
from quizapp.timezones import COMMON_ZONES

from ..conftest import PASSWORD, Auth
from .crawl import demo_world, walk_every_role
from .i18n_helpers import extracted, pseudo_catalog, read, untranslated, words

CATALOGS = ROOT / "translations"
TRANSLATED = [code for code in LANGUAGES if code != "en"]


def _po(language: str):
    with open(CATALOGS / language / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po, locale=language)


def _entry(message):
    """(context, msgid) -> translation, plural forms as tuples (the .mo reader gives lists)."""

    def same(value):
        return tuple(value) if isinstance(value, list | tuple) else value

    return (message.context, same(message.id)), same(message.string)


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_interface_string_has_a_reviewed_translation(language):
    catalog = _po(language)
    problems = []
    for message in extracted():
        if not message.id:
            continue
        found = catalog.get(message.id, context=message.context)
        where = ", ".join(f"{path}:{line}" for path, line in message.locations[:2])
        strings = () if found is None else found.string
        strings = strings if isinstance(strings, tuple) else (strings,)
        if found is None:
            problems.append(f"not in the catalog (run `make i18n`): {message.id!r} ({where})")
        elif found.fuzzy or not all(strings):
            problems.append(f"untranslated or fuzzy: {message.id!r} ({where})")
    assert not problems, f"{len(problems)} strings for {language}:\n" + "\n".join(problems)


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_every_placeholder_and_the_compiled_catalog_is_current(language):
    catalog = _po(language)
    errors = [f"{message.id!r}: {problems}" for message, problems in catalog.check()]
    assert not errors, "\n".join(errors)
    with open(CATALOGS / language / "LC_MESSAGES" / "messages.mo", "rb") as mo:
        compiled = dict(_entry(m) for m in read_mo(mo) if m.id)
    written = dict(_entry(m) for m in catalog if m.id and not m.fuzzy)
    assert compiled == written, "messages.mo is older than messages.po: run `make install`"


def _data_strings() -> set[str]:
    """Every text value the database holds (the course, names, join codes), lesson
    bodies as the reader sees them, and the time zone names a form offers."""
    found = set(COMMON_ZONES)
    for table in db.metadata.sorted_tables:
        texts = [c for c in table.columns if isinstance(c.type, sa.String | sa.JSON)]
        for row in db.session.execute(sa.select(*texts)) if texts else ():
            for value in _flat(row):
                found.update(read(value) if "<" in value else [" ".join(value.split())])
    return found


def _flat(values):
    for value in values:
        if isinstance(value, str):
            yield value
        elif isinstance(value, list | tuple):
            yield from _flat(value)
        elif isinstance(value, dict):
            yield from _flat(value.values())


def _wtforms_messages(language: str) -> set[str]:
    """WTForms' own messages ("This field is required."), which it translates itself."""
    catalog = get_translations([language])._catalog
    texts = (text for key, text in catalog.items() if key)
    return {piece.strip() for text in texts for piece in re.split(r"%\(\w+\)s", text)}


def _dates_and_zones(language: str) -> set[str]:
    """Month and day names as Babel writes them, and the zones' abbreviations."""
    locale = Locale.parse(language)
    names = set()
    for context in ("format", "stand-alone"):
        for width in ("abbreviated", "wide"):
            names |= set(locale.months[context][width].values())
            names |= set(locale.days[context][width].values())
    for zone in (*COMMON_ZONES, "UTC"):
        for month in (1, 7):
            names.add(datetime(2026, month, 1, tzinfo=ZoneInfo(zone)).tzname())
    return {word for name in names for word in words(name)}


def _leftovers(pages, known: list[str], allowed: set[str]) -> list[str]:
    found = []
    for url, html in pages:
        for part in read(html):
            stray = words(untranslated(part, known)) - allowed
            if stray:
                found.append(f"{url}: {sorted(stray)} in {part[:160]!r}")
    return found


def _visitor_pages(app, language: str):
    """The pages a visitor reaches, each form sent empty once (its errors shown)."""
    client = app.test_client()
    with client.session_transaction() as session:
        session["language"] = language
    auth = Auth(client)
    for url in ("/", "/login", "/register", "/help", "/no-such-page", "/teach/"):
        response = client.get(url)
        if response.status_code == 302:
            url, response = response.location, client.get(response.location)
        yield url, response.get_data(as_text=True)
    for url in ("/login", "/register"):
        sent = auth.post(url, {"password": PASSWORD[:3]}, token_from=url)
        yield url, sent.get_data(as_text=True)


@pytest.mark.parametrize("language", TRANSLATED)
def test_no_page_shows_template_text_that_escaped_translation(
    app, client, tmp_path, monkeypatch, language
):
    pseudo_catalog(tmp_path, language)
    babel = get_babel(app)
    monkeypatch.setattr(babel, "translation_directories", [str(tmp_path)])
    monkeypatch.setattr(babel.instance.domain_instance, "cache", {})
    world = demo_world()
    for role in ("student", "teacher", "admin"):
        world[role].language = language
    db.session.commit()
    known = _data_strings()

    walks = walk_every_role(app, world)
    pages = [(visit.url, visit.html) for walk in walks.values() for visit in walk.html_pages()]
    pages += list(_visitor_pages(app, language))
    # The walk presses the language button last but for logging out: what follows is English.
    pages = [(url, html) for url, html in pages if f'<html lang="{language}">' in html]
    known = known | _data_strings() | _wtforms_messages(language)
    known = sorted((text for text in known if len(text) > 2), key=len, reverse=True)
    allowed = {"MythCheck", *LANGUAGES.values()} | _dates_and_zones(language)

    assert len(pages) > 60, len(pages)
    stray = _leftovers(pages, known, allowed)
    assert not stray, "Text outside gettext on these pages:\n" + "\n".join(stray)
