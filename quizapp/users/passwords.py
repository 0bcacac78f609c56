"""The password policy (OWASP ASVS 6.2): length, not composition.

At least 8 and at most 128 characters, any Unicode, compared after NFKC
normalisation so the same password typed on two keyboards matches. A password
from the 30,000 most common ones (the list zxcvbn ships) is refused, and so are
the username itself, the published demo password and one character repeated.
"""

import unicodedata
from functools import cache

from flask_babel import gettext as _
from wtforms.validators import ValidationError

MIN_LENGTH = 8
MAX_LENGTH = 128
DEMO_PASSWORD = "mythcheck-demo"  # the demo accounts' password, published in the README


def normalize_password(password: str) -> str:
    """NFKC form: full-width, composed and decomposed spellings become one password."""
    return unicodedata.normalize("NFKC", password)


@cache
def common_passwords() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS  # a large module: load on first use

    return frozenset(FREQUENCY_LISTS["passwords"])


def password_problem(password: str, username: str = "") -> str | None:
    """Why this password may not be used, or None when it is fine."""
    normal = normalize_password(password)
    folded = normal.casefold()
    if len(normal) < MIN_LENGTH:
        return _(
            "Use at least %(count)s characters. A short sentence is easy to remember.",
            count=MIN_LENGTH,
        )
    if len(normal) > MAX_LENGTH:
        return _("Use at most %(count)s characters.", count=MAX_LENGTH)
    if username and folded == normalize_password(username).strip().casefold():
        return _("Your password must not be your username. Please choose another.")
    if len(set(folded)) == 1:
        return _("A password of one character repeated is easy to guess. Please choose another.")
    if folded in common_passwords() or folded == DEMO_PASSWORD:
        return _("That password is one of the most common ones. Please choose another.")
    return None


class PasswordPolicy:
    """WTForms validator for new passwords: the form's username field, or the
    signed-in user's name, is the username it must differ from."""

    def __call__(self, form, field) -> None:
        problem = password_problem(field.data or "", _username_of(form))
        if problem:
            raise ValidationError(problem)


def _username_of(form) -> str:
    from flask_login import current_user

    if "username" in form:
        return form.username.data or ""
    return current_user.username if current_user.is_authenticated else ""
