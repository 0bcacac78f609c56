"""The live-session bench's classes: teachers, students and memberships seeded straight
into the database, and afterwards the answers each student has stored."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import sqlalchemy as sa

from quizapp.extensions import db
from quizapp.live.models import LiveSession
from quizapp.models import Answer, Classroom, Membership, User

from . import database

# The bench measures the live session, not password hashing: 2,100 scrypt logins
# would cost minutes of CPU before the first question.
CHEAP_HASH = "pbkdf2:sha256:1"


@dataclass
class SeededClass:
    teacher: str
    classroom_id: int
    students: list[str]


def seed_classes(app, sessions: int, students: int) -> list[SeededClass]:
    """One teacher and one class of `students` per session."""
    teachers = database.seed_students(app, "live-t", sessions, "teacher", CHEAP_HASH)
    learners = database.seed_students(app, "live-s", sessions * students, "student", CHEAP_HASH)
    with app.app_context():
        ids = dict(
            db.session.execute(
                db.select(User.username, User.id).where(User.username.in_(teachers + learners))
            ).all()
        )
        classes = []
        for number, teacher in enumerate(teachers):
            names = learners[number * students : (number + 1) * students]
            classroom = Classroom(
                teacher_id=ids[teacher], name=f"Live {number}", join_code=f"LIVE{number:05d}"
            )
            db.session.add(classroom)
            db.session.flush()
            db.session.execute(
                sa.insert(Membership),
                [{"classroom_id": classroom.id, "user_id": ids[name]} for name in names],
            )
            classes.append(SeededClass(teacher, classroom.id, names))
        db.session.commit()
    return classes


def join_code(app, session_id: int) -> str:
    """The code the projector shows (read here rather than parsed from its markup)."""
    with app.app_context():
        return db.session.get(LiveSession, session_id).join_code


def stored_questions(app, usernames: list[str]) -> dict[str, Counter]:
    """Per student, how many answer rows each question has (a repeat would show as 2)."""
    with app.app_context():
        rows = db.session.execute(
            db.select(User.username, Answer.question_id)
            .join(Answer, Answer.user_id == User.id)
            .where(User.username.in_(usernames))
        ).all()
    stored: dict[str, Counter] = {name: Counter() for name in usernames}
    for username, question_id in rows:
        stored[username][question_id] += 1
    return stored


def consistency(app, acked: dict[str, set[str]]) -> dict[str, int]:
    """Acknowledged answers against stored rows, per student, exactly."""
    stored = stored_questions(app, list(acked))
    lost = extra = duplicated = mismatched = 0
    for username, questions in acked.items():
        rows = stored[username]
        lost += len(questions - set(rows))
        extra += len(set(rows) - questions)
        duplicated += sum(count - 1 for count in rows.values())
        mismatched += set(rows) != questions or sum(rows.values()) != len(questions)
    return {
        "students": len(acked),
        "acknowledged": sum(len(q) for q in acked.values()),
        "stored": sum(sum(rows.values()) for rows in stored.values()),
        "lost": lost,
        "unacknowledged_extra": extra,
        "duplicated": duplicated,
        "students_mismatched": mismatched,
    }
