"""Database models (SQLAlchemy 2.0 declarative, typed)."""

from __future__ import annotations

import secrets
from datetime import date, datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from . import clock
from .content.ids import AttemptMode
from .extensions import db
from .users.passwords import normalize_password

ROLES = ("student", "teacher", "admin")
BELIEF_STATES = ("firm", "loose", "corrected", "never")


def new_token() -> str:
    return secrets.token_urlsafe(24)


def hash_password(password: str) -> str:
    """The scrypt hash: about 100 ms of CPU, so never inside a write transaction."""
    return generate_password_hash(normalize_password(password), method="scrypt")


class User(UserMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(40), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(256))
    role: Mapped[str] = mapped_column(sa.String(10), default="student", index=True)
    is_disabled: Mapped[bool] = mapped_column(default=False)
    # Flask-Login stores this token, not the id: rotating it ends every session.
    session_token: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_token)
    # Set by a one-time password (quizapp/users/resets.py): choose your own before anything else.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    created_at: Mapped[datetime] = mapped_column(default=clock.now)

    def set_password(self, password: str) -> None:
        self.set_password_hash(hash_password(password))

    def set_password_hash(self, password_hash: str) -> None:
        """Store a hash made beforehand (`hash_password`), outside any write lock."""
        self.password_hash = password_hash
        self.rotate_session()

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, normalize_password(password))

    def rotate_session(self) -> None:
        self.session_token = new_token()

    def get_id(self) -> str:
        return self.session_token

    @property
    def is_active(self) -> bool:
        return not self.is_disabled


class PasswordReset(db.Model):
    """Who set a one-time password for whom, and when (shown to admins)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    reset_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=clock.now)


class Myth(db.Model):
    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    position: Mapped[int] = mapped_column(default=0)
    statement: Mapped[str] = mapped_column(sa.Text)
    fact: Mapped[str] = mapped_column(sa.Text)
    dangerous: Mapped[bool] = mapped_column(default=False)
    safety_note: Mapped[str] = mapped_column(sa.Text, default="")
    active: Mapped[bool] = mapped_column(default=True)


class ContentRevision(db.Model):
    """One row: a new token each time the content is loaded (see content/snapshot.py)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(sa.String(64))


class Lesson(db.Model):
    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    position: Mapped[int] = mapped_column(index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    minutes: Mapped[int] = mapped_column(default=2)
    safety: Mapped[bool] = mapped_column(default=False)
    body_html: Mapped[str] = mapped_column(sa.Text)
    key_facts: Mapped[list] = mapped_column(sa.JSON, default=list)
    sources: Mapped[list] = mapped_column(sa.JSON, default=list)
    discussion: Mapped[list] = mapped_column(sa.JSON, default=list)
    standards: Mapped[list] = mapped_column(sa.JSON, default=list)
    active: Mapped[bool] = mapped_column(default=True)


class Quiz(db.Model):
    """A fixed list of questions: a lesson's quiz, the pre or post myth check.

    The myth-probe quiz has no questions of its own; its attempts draw items.
    """

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(10))
    lesson_id: Mapped[str | None] = mapped_column(sa.ForeignKey("lesson.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    position: Mapped[int] = mapped_column(default=0)
    intro_html: Mapped[str] = mapped_column(sa.Text, default="")

    lesson: Mapped[Lesson | None] = relationship()


class Question(db.Model):
    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    quiz_id: Mapped[str] = mapped_column(sa.ForeignKey("quiz.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    form: Mapped[str] = mapped_column(sa.String(20))
    stem: Mapped[str] = mapped_column(sa.Text)
    active: Mapped[bool] = mapped_column(default=True)

    choices: Mapped[list[Choice]] = relationship(
        order_by="Choice.position", back_populates="question"
    )
    myths: Mapped[list[Myth]] = relationship(secondary="question_myth", order_by="Myth.position")


class QuestionMyth(db.Model):
    question_id: Mapped[str] = mapped_column(sa.ForeignKey("question.id"), primary_key=True)
    myth_id: Mapped[str] = mapped_column(sa.ForeignKey("myth.id"), primary_key=True, index=True)


class Choice(db.Model):
    __table_args__ = (sa.UniqueConstraint("question_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[str] = mapped_column(sa.ForeignKey("question.id"))
    key: Mapped[str] = mapped_column(sa.String(8))
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(sa.Text)
    is_correct: Mapped[bool] = mapped_column(default=False)
    feedback: Mapped[str] = mapped_column(sa.Text)
    myth_id: Mapped[str | None] = mapped_column(sa.ForeignKey("myth.id"))
    active: Mapped[bool] = mapped_column(default=True)

    question: Mapped[Question] = relationship(back_populates="choices")
    myth: Mapped[Myth | None] = relationship()


class Classroom(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    join_code: Mapped[str] = mapped_column(sa.String(12), unique=True)
    archived_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    # An IANA zone name when the class is not in the school's time zone.
    timezone: Mapped[str | None] = mapped_column(sa.String(64))

    teacher: Mapped[User] = relationship()


class Membership(db.Model):
    classroom_id: Mapped[int] = mapped_column(sa.ForeignKey("classroom.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), primary_key=True, index=True)
    joined_at: Mapped[datetime] = mapped_column(default=clock.now)


class Assignment(db.Model):
    """A quiz a class should take; a myth-probe `mode` carries the myths to re-teach."""

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(sa.ForeignKey("classroom.id"), index=True)
    quiz_id: Mapped[str] = mapped_column(sa.ForeignKey("quiz.id"))
    mode: Mapped[str] = mapped_column(sa.String(10), default=AttemptMode.FULL)
    myth_ids: Mapped[list] = mapped_column(sa.JSON, default=list)
    due_on: Mapped[date | None]
    available_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=clock.now)

    quiz: Mapped[Quiz] = relationship()


class Attempt(db.Model):
    __table_args__ = (
        # At most one unfinished attempt per learner, quiz and mode: two parallel
        # "start" requests end in the same attempt.
        sa.Index(
            "uq_attempt_open",
            "user_id",
            "quiz_id",
            "mode",
            unique=True,
            sqlite_where=sa.text("finished_at IS NULL"),
            postgresql_where=sa.text("finished_at IS NULL"),
        ),
        sa.Index("ix_attempt_quiz_finished", "quiz_id", "finished_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"), index=True)
    quiz_id: Mapped[str] = mapped_column(sa.ForeignKey("quiz.id"))
    mode: Mapped[str] = mapped_column(sa.String(10), default=AttemptMode.FULL)
    assignment_id: Mapped[int | None] = mapped_column(sa.ForeignKey("assignment.id"))
    started_at: Mapped[datetime] = mapped_column(default=clock.now, index=True)
    finished_at: Mapped[datetime | None]
    n_items: Mapped[int] = mapped_column(default=0)
    n_correct: Mapped[int | None]
    cbm_total: Mapped[int | None]

    quiz: Mapped[Quiz] = relationship()

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None


class AttemptItem(db.Model):
    """The questions of one attempt, fixed when it starts."""

    __table_args__ = (sa.UniqueConstraint("attempt_id", "question_id"),)

    attempt_id: Mapped[int] = mapped_column(
        sa.ForeignKey("attempt.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[str] = mapped_column(sa.ForeignKey("question.id"))

    question: Mapped[Question] = relationship()


class Answer(db.Model):
    __table_args__ = (
        sa.UniqueConstraint("attempt_id", "question_id"),
        sa.CheckConstraint("certainty BETWEEN 1 AND 3", name="certainty_range"),
        sa.Index("ix_answer_question_choice", "question_id", "choice_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(sa.ForeignKey("attempt.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"), index=True)
    question_id: Mapped[str] = mapped_column(sa.ForeignKey("question.id"))
    choice_id: Mapped[int] = mapped_column(sa.ForeignKey("choice.id"))
    is_correct: Mapped[bool]
    certainty: Mapped[int] = mapped_column(sa.SmallInteger)
    cbm: Mapped[int] = mapped_column(sa.SmallInteger)
    answered_at: Mapped[datetime] = mapped_column(default=clock.now, index=True)

    choice: Mapped[Choice] = relationship()


class MythBelief(db.Model):
    """What one learner currently believes about one myth, and when to re-check it."""

    __table_args__ = (sa.Index("ix_myth_belief_myth_state", "myth_id", "state"),)

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    myth_id: Mapped[str] = mapped_column(sa.ForeignKey("myth.id"), primary_key=True)
    state: Mapped[str] = mapped_column(sa.String(10))
    ever_held: Mapped[bool] = mapped_column(default=False)
    certainty: Mapped[int] = mapped_column(sa.SmallInteger, default=1)
    updated_at: Mapped[datetime] = mapped_column(default=clock.now)
    last_question_id: Mapped[str | None] = mapped_column(sa.String(64))
    review_step: Mapped[int] = mapped_column(default=0)
    review_due: Mapped[datetime | None] = mapped_column(index=True)
    relapses: Mapped[int] = mapped_column(default=0)
    # One more on every update: an answer writes the belief only if it is still the
    # version it read (see beliefs.update_beliefs).
    version: Mapped[int] = mapped_column(default=0, server_default="0")

    myth: Mapped[Myth] = relationship()


class AdminView(db.Model):
    """An admin opened a teacher page of a class they do not teach that names this
    student: their answers, or the class progress grid or its CSV (`page`). The
    student sees each one under My data."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    admin_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    classroom_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("classroom.id", ondelete="SET NULL")
    )
    viewed_at: Mapped[datetime] = mapped_column(default=clock.now)
    # ANSWERS, PROGRESS or PROGRESS_CSV (quizapp.teach.access).
    page: Mapped[str] = mapped_column(sa.String(20), default="answers", server_default="answers")


class Relapse(db.Model):
    """A corrected myth answered wrongly again."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    myth_id: Mapped[str] = mapped_column(sa.ForeignKey("myth.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=clock.now)


class ItemTally(db.Model):
    """Answers from each learner's first finished attempt at a quiz, summed per day and choice.

    Kept up to date when an attempt finishes (attempts.finish_attempt) so item
    analysis and myth-check shares read a few thousand rows, not every answer.
    `rest` is the attempt's score without this item (for discrimination).
    """

    question_id: Mapped[str] = mapped_column(sa.ForeignKey("question.id"), primary_key=True)
    choice_id: Mapped[int] = mapped_column(sa.ForeignKey("choice.id"), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    answers: Mapped[int] = mapped_column(default=0)
    rest_sum: Mapped[int] = mapped_column(default=0)
    rest_squares: Mapped[int] = mapped_column(default=0)


class QuizTally(db.Model):
    """Attempts per quiz and start day, as small histograms: what the lesson and
    activity reports read instead of every attempt.

    `measure` names what is counted (see quizapp.reports.tallies): every attempt started
    or finished, each learner's first full attempt started or finished, and
    finished full attempts by exact score (`value` = n_items * 1000 + n_correct,
    see tallies.SCORE_BASE) or time spent (`value` =
    seconds, in buckets). Kept up to date as attempts start and finish.
    """

    # Key in this order: a report reads one measure, grouped by quiz and value.
    measure: Mapped[str] = mapped_column(sa.String(16), primary_key=True)
    quiz_id: Mapped[str] = mapped_column(sa.ForeignKey("quiz.id"), primary_key=True)
    value: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    attempts: Mapped[int] = mapped_column(default=0)
