"""The interface's words as the source has them today, and a page's words as a
reader sees them.

`extracted()` runs the same extraction as `make i18n` (babel.cfg, the same
keywords) on the working tree, so a string added to a template or a form and
never extracted is caught as surely as one left untranslated. `pseudo_catalog()`
turns every string into ⟦string⟧: a page rendered with it shows, outside the
brackets, only what never went through gettext.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_keywords, parse_mapping_cfg
from babel.messages.mofile import write_mo

from quizapp.config import ROOT

# As in the Makefile's `i18n` target.
KEYWORDS = {
    **DEFAULT_KEYWORDS,
    **parse_keywords(["_l", "lazy_gettext", "lazy_pgettext:1c,2", "count_of:2,3"]),
}
OPEN, CLOSE = "⟦", "⟧"
BRACKETED = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
# Attributes a reader meets (read aloud, shown on hover or in the tab).
READ_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder", "data-label")


def extracted() -> Catalog:
    with open(ROOT / "babel.cfg") as config:
        method_map, options_map = parse_mapping_cfg(config)
    catalog = Catalog()
    found = extract_from_dir(ROOT, method_map, options_map, keywords=KEYWORDS)
    for filename, lineno, message, _comments, context in found:
        catalog.add(message, None, [(filename, lineno)], context=context)
    return catalog


def pseudo_catalog(folder: Path, language: str) -> None:
    """Compile, as `language`, a catalog whose every translation is ⟦msgid⟧."""
    catalog = Catalog(locale=language)
    for message in extracted():
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            one, other = (OPEN + text + CLOSE for text in message.id)
            string = (one, *[other] * (catalog.num_plurals - 1))
        else:
            string = OPEN + message.id + CLOSE
        catalog.add(message.id, string, context=message.context)
    target = folder / language / "LC_MESSAGES"
    target.mkdir(parents=True)
    with open(target / "messages.mo", "wb") as mo:
        write_mo(mo, catalog)


class _Reader(HTMLParser):
    """A page's text and the attributes a reader meets, scripts and styles left out."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.attributes: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skipping += 1
        for name, value in attrs:
            if value and name in READ_ATTRIBUTES:
                self.attributes.append(value)
        if tag == "meta" and ("name", "description") in attrs:
            self.attributes.append(dict(attrs).get("content") or "")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping:
            self.texts.append(data)


def read(html: str) -> list[str]:
    """The page's text as one string (a translated sentence may hold a link), then
    each read attribute on its own, whitespace made single spaces."""
    reader = _Reader()
    reader.feed(html)
    parts = [" ".join(reader.texts), *reader.attributes]
    return [" ".join(part.split()) for part in parts]


def untranslated(text: str, known: list[str]) -> str:
    """What is left of `text` once every ⟦translated⟧ part and every piece of
    `known` data (longest first) is taken out, and URLs."""
    while BRACKETED.search(text):
        text = BRACKETED.sub(" ", text)
    for piece in known:
        text = text.replace(piece, " ")
    return re.sub(r"\S+://\S+", " ", text)


def words(text: str) -> set[str]:
    """Its words of two letters or more, but for capitals only (join codes, which a
    walk changes as it goes, and acronyms): template text has lowercase words."""
    return {word for word in re.findall(r"[^\W\d_]{2,}", text) if not word.isupper()}
