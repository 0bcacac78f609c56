"""Classes as a service: join codes and their QR code, joining and leaving,
assignments, and the follow-ups (a re-teach of held myths, the delayed myth check).

Join codes are short, easy to read aloud and to type on a phone. The alphabet
leaves out characters that look or sound alike (0/O, 1/I/L) and the vowels (so
a code never spells a word a class would laugh at), codes come from `secrets`,
and the database's unique constraint settles the rare collision: we simply
draw again.
"""

from __future__ import annotations

import io
import re
import secrets
from datetime import date

import segno
import sqlalchemy as sa
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy.exc import IntegrityError

from ..content import MYTH_PROBE_QUIZ, POST_QUIZ, AttemptMode
from ..database import dialect_insert
from ..extensions import db
from ..models import Assignment, Attempt, Classroom, Membership
from ..practice import MYTH_PROBE_SIZE
from ..reports import myths
from ..reports.scope import Scope
from ..templating import public_url

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


def code_in_use(code: str) -> bool:
    return db.session.execute(db.select(Classroom.id).filter_by(join_code=code)).first() is not None


def save_with_fresh_code(classroom: Classroom) -> Classroom:
    """Give the class an unused code and commit; draws again if another class took it."""
    for _draw in range(MAX_DRAWS):
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


def join_url(classroom: Classroom) -> str:
    """The link that joins the class, to share or to show as a QR code."""
    return public_url("join.by_link", code=classroom.join_code)


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
        title=_("QR code of the join link"),
    )
    return Markup(buffer.getvalue().decode())


def classroom_to_join(text: str) -> Classroom:
    """The open class with this code, or JoinError saying why not."""
    code = normalize(text)
    if not code:
        raise JoinError(_("Type the class code your teacher gave you."))
    classroom = db.session.execute(
        db.select(Classroom).filter_by(join_code=code).options(sa.orm.joinedload(Classroom.teacher))
    ).scalar_one_or_none()
    if classroom is None:
        raise JoinError(
            _(
                "No class has the code %(code)s. Check it with your teacher: "
                "codes use letters and the numbers 2 to 9.",
                code=code,
            )
        )
    if classroom.archived_at is not None:
        raise JoinError(
            _(
                "The class “%(name)s” is closed and takes no new students. "
                "Ask your teacher for a current code.",
                name=classroom.name,
            )
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


def remove_member(classroom_id: int, user_id: int) -> None:
    """Take a learner out of a class (their teacher removes them, or they leave);
    their own answers stay theirs."""
    db.session.execute(db.delete(Membership).filter_by(classroom_id=classroom_id, user_id=user_id))
    db.session.commit()


def assign(classroom: Classroom, quiz_ids: list[str], due_on: date | None) -> tuple[int, int]:
    """Assign each quiz not yet assigned to the class, all in one commit.

    Returns (added, already assigned).
    """
    existing = set(
        db.session.execute(
            db.select(Assignment.quiz_id).filter_by(
                classroom_id=classroom.id, mode=AttemptMode.FULL
            )
        ).scalars()
    )
    new = [quiz_id for quiz_id in dict.fromkeys(quiz_ids) if quiz_id not in existing]
    db.session.add_all(
        Assignment(classroom_id=classroom.id, quiz_id=quiz_id, mode=AttemptMode.FULL, due_on=due_on)
        for quiz_id in new
    )
    db.session.commit()
    return len(new), len(quiz_ids) - len(new)


def unassign(assignment: Assignment) -> None:
    """Delete the assignment; attempts made for it stay, no longer linked to it."""
    db.session.execute(
        db.update(Attempt).filter_by(assignment_id=assignment.id).values(assignment_id=None)
    )
    db.session.delete(assignment)
    db.session.commit()


def assign_reteach(classroom: Classroom, share: float, due_on: date | None) -> Assignment | None:
    """Assign a re-teach quiz on the myths held by at least `share` of the class,
    the most widely held first (at most MYTH_PROBE_SIZE); None when no myth qualifies."""
    myth_ids = myths.myths_held_by_share(Scope(classroom_id=classroom.id), share)[:MYTH_PROBE_SIZE]
    if not myth_ids:
        return None
    assignment = Assignment(
        classroom_id=classroom.id,
        quiz_id=MYTH_PROBE_QUIZ,
        mode=AttemptMode.MYTH_PROBE,
        myth_ids=myth_ids,
        due_on=due_on,
    )
    db.session.add(assignment)
    db.session.commit()
    return assignment


def schedule_delayed_test(classroom: Classroom, available_on: date) -> tuple[Assignment, bool]:
    """Schedule the class's delayed myth check (the myth check again weeks after the
    lessons); one per class, so a second call moves its date. Returns the assignment
    and whether it is new."""
    assignment = db.session.execute(
        db.select(Assignment).filter_by(classroom_id=classroom.id, mode=AttemptMode.DELAYED)
    ).scalar_one_or_none()
    created = assignment is None
    if created:
        assignment = Assignment(
            classroom_id=classroom.id, quiz_id=POST_QUIZ, mode=AttemptMode.DELAYED
        )
        db.session.add(assignment)
    assignment.available_on = available_on
    db.session.commit()
    return assignment, created
