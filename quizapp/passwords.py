"""The password policy (OWASP ASVS 6.2): length, not composition.

At least 8 and at most 128 characters, any Unicode, compared after NFKC
normalisation so the same password typed on two keyboards matches. A password
from the 30,000 most common ones (the list zxcvbn ships) is refused.
"""

import unicodedata
from functools import cache

from wtforms.validators import ValidationError

MIN_LENGTH = 8
MAX_LENGTH = 128


def normalize_password(password: str) -> str:
    """NFKC form: full-width, composed and decomposed spellings become one password."""
    return unicodedata.normalize("NFKC", password)


@cache
def common_passwords() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS  # a large module: load on first use

    return frozenset(FREQUENCY_LISTS["passwords"])


def password_problem(password: str) -> str | None:
    """Why this password may not be used, or None when it is fine."""
    normal = normalize_password(password)
    if len(normal) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters. A short sentence is easy to remember."
    if len(normal) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    if normal.casefold() in common_passwords():
        return "That password is one of the most common ones. Please choose another."
    return None


class PasswordPolicy:
    """WTForms validator for new passwords."""

    def __call__(self, form, field) -> None:
        problem = password_problem(field.data or "")
        if problem:
            raise ValidationError(problem)
