"""Read the forms and links of a rendered page, and submit a form as a browser would.

Only the standard library's HTML parser: enough to find each <form>, its fields
with the values the page gives them, and its submit buttons.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from werkzeug.datastructures import MultiDict


@dataclass
class Form:
    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    # Radio groups, checkboxes and selects: every value offered, the first picked.
    choices: dict[str, list[str]] = field(default_factory=dict)
    buttons: list[tuple[str, str, str]] = field(default_factory=list)  # (name, value, text)
    required_empty: list[str] = field(default_factory=list)

    def data(self, **overrides) -> list[tuple[str, str]]:
        """What pressing the form's first button sends, with some fields changed."""
        sent = [(k, overrides.get(k, v)) for k, v in self.fields]
        named = {k for k, _ in sent}
        for name, values in self.choices.items():
            if name not in named and name not in overrides:
                sent.append((name, values[0]))
                named.add(name)
        sent += [(k, v) for k, v in overrides.items() if k not in named]
        if self.buttons and self.buttons[0][0]:
            sent.append(self.buttons[0][:2])
        return sent


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.links: list[str] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._select_value: str | None = None
        self._button: list | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        elif tag == "form":
            self._form = Form(a.get("action", ""), a.get("method", "get").lower())
            self.forms.append(self._form)
        elif self._form is not None:
            self._field(tag, a)

    def _field(self, tag: str, a: dict) -> None:
        form, name = self._form, a.get("name", "")
        kind = a.get("type", "text" if tag == "input" else "submit").lower()
        if tag == "button" or (tag == "input" and kind == "submit"):
            if kind == "submit":
                self._button = [name, a.get("value", ""), a.get("value", "")]
                form.buttons.append(tuple(self._button))
        elif tag == "input" and name and kind in ("radio", "checkbox"):
            form.choices.setdefault(name, []).append(a.get("value", "on"))
            if "checked" in a:
                form.fields.append((name, a.get("value", "on")))
        elif tag == "input" and name:
            form.fields.append((name, a.get("value", "")))
            if "required" in a and not a.get("value"):
                form.required_empty.append(name)
        elif tag == "textarea" and name:
            form.fields.append((name, ""))
        elif tag == "select" and name:
            self._select, self._select_value = name, None
        elif tag == "option" and self._select:
            value = a.get("value", "")
            form.choices.setdefault(self._select, []).append(value)
            if "selected" in a or self._select_value is None:
                self._select_value = value

    def handle_data(self, data):
        if self._button is not None and self._form and self._form.buttons:
            text = (self._form.buttons[-1][2] + data).strip()
            self._form.buttons[-1] = (*self._form.buttons[-1][:2], text)

    def handle_endtag(self, tag):
        if tag == "select" and self._select and self._form is not None:
            if self._select_value is not None:
                self._form.fields.append((self._select, self._select_value))
            self._select = None
        elif tag == "button":
            self._button = None
        elif tag == "form":
            self._form = None


def parse(html: str) -> _PageParser:
    parser = _PageParser()
    parser.feed(html)
    return parser


def forms(html: str) -> list[Form]:
    return parse(html).forms


def form_with_button(html: str, text: str) -> Form:
    """The form whose submit button says `text`."""
    for form in forms(html):
        if any(text in label for _, _, label in form.buttons):
            return form
    raise AssertionError(f"no form with a button {text!r} on the page")


def local_links(html: str, page_url: str) -> list[str]:
    """The app's own links on the page (path and query), without fragments."""
    found = []
    for href in parse(html).links:
        url = urlsplit(urljoin("http://localhost" + page_url, href))
        if url.netloc == "localhost":
            found.append(url.path + (f"?{url.query}" if url.query else ""))
    return found


def submit(client, form: Form, page_url: str, **overrides):
    """Send the form to its action (the page itself when it has none)."""
    target = urljoin(page_url, form.action) if form.action else page_url
    data = MultiDict(form.data(**overrides))
    if form.method == "post":
        return client.post(target, data=data)
    return client.get(target, query_string=data)
