"""Class join codes: short, easy to read aloud and to type on a phone.

The alphabet leaves out characters that look or sound alike (0/O, 1/I/L) and
the vowels (so a code never spells a word a class would laugh at), codes come
from `secrets`, and the database's unique constraint settles the rare
collision: we simply draw again.
"""

from __future__ import annotations

import io
import re
import secrets

import segno
from markupsafe import Markup
from sqlalchemy.exc import IntegrityError

from ..database import dialect_insert
from ..extensions import db
from ..models import Classroom, Membership

ALPHABET = "BCDFGHJKMNPQRSTVWXYZ23456789"
LENGTH = 6
MAX_DRAWS = 10
SEPARATORS = re.compile(r"[\s\-–—_.]+")


class JoinError(ValueError):
    """A code that cannot be used to join, with a message for the learner."""


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalize(text: str) -> str:
    """What a learner typed, as stored: spaces and dashes dropped, upper case."""
    return SEPARATORS.sub("", text or "").upper()


def spaced(code: str) -> str:
    """The code in two halves, easier to read aloud: ABC DEF."""
    half = len(code) // 2
    return f"{code[:half]} {code[half:]}"


def code_in_use(code: str) -> bool:
    return db.session.execute(db.select(Classroom.id).filter_by(join_code=code)).first() is not None


def save_with_fresh_code(classroom: Classroom) -> Classroom:
    """Give the class an unused code and commit; draws again if another class took it."""
    for _ in range(MAX_DRAWS):
        code = new_code()
        if code_in_use(code):
            continue
        classroom.join_code = code
        db.session.add(classroom)
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            continue
        return classroom
    raise RuntimeError("Could not find a free join code; try again.")


def classroom_to_join(text: str) -> Classroom:
    """The open class with this code, or JoinError saying why not."""
    code = normalize(text)
    if not code:
        raise JoinError("Type the class code your teacher gave you.")
    classroom = db.session.execute(
        db.select(Classroom).filter_by(join_code=code)
    ).scalar_one_or_none()
    if classroom is None:
        raise JoinError(
            f"No class has the code {code}. Check it with your teacher: "
            "codes use letters and the numbers 2 to 9."
        )
    if classroom.archived_at is not None:
        raise JoinError(
            f"The class “{classroom.name}” is closed and takes no new students. "
            "Ask your teacher for a current code."
        )
    return classroom


def join(classroom: Classroom, user_id: int) -> bool:
    """Add the learner to the class; False when they were in it already."""
    added = db.session.execute(
        dialect_insert(Membership)
        .values(classroom_id=classroom.id, user_id=user_id)
        .on_conflict_do_nothing(index_elements=["classroom_id", "user_id"])
        .returning(Membership.user_id)
    ).scalar()
    db.session.commit()
    return added is not None


def is_member(classroom_id: int, user_id: int) -> bool:
    """Whether the learner joined the class."""
    return (
        db.session.get(Membership, {"classroom_id": classroom_id, "user_id": user_id}) is not None
    )


def qr_svg(url: str) -> Markup:
    """The link as a QR code, an inline SVG that scales to its box (no style attributes)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer,
        kind="svg",
        xmldecl=False,
        svgns=True,
        omitsize=True,
        border=2,
        svgclass="qr",
        lineclass=None,
        title="QR code of the join link",
    )
    return Markup(buffer.getvalue().decode())
