"""Made-up learners for demos and benchmarks: `flask seed-synthetic --students N --classes M`.

Each learner has an ability and starts out holding some myths (some myths are
far more common than others). They take the myth check, work through the
lessons (a few stop along the way, some leave a quiz half done), lose most of
their myths as they go, and those who finish take the final check. Items
differ in difficulty; a few are deliberately suspect (far too easy, a
distractor nobody picks, one that strong learners get wrong) so the item
analysis has something to find.

Rows go in as plain tuples in batches (executemany on SQLite, COPY on
PostgreSQL), never as ORM objects one by one: a million answers take seconds.
"""

from __future__ import annotations

import math
import random
import secrets
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import click
from flask import current_app

from . import clock, scoring
from .bulkload import BulkWriter
from .content import AttemptMode, QuizKind
from .extensions import db
from .models import Choice, Question, QuestionMyth, Quiz
from .reports import tallies

TEACHERS_PER_CLASS = 0.25
KEEP_GOING = 0.92  # chance of taking the next lesson after finishing one
FINISH_QUIZ = 0.93  # chance of finishing a quiz once started
RETAKE = 0.08
LESSON_BONUS = 0.3  # each lesson done makes a right answer likelier
UNUSABLE_PASSWORD = "!synthetic-no-login"


@dataclass
class Item:
    question_id: str
    correct_choice: int
    distractors: list[tuple[int, str | None]]
    weights: list[float]
    probes: list[str]
    difficulty: float
    reversed: bool = False


@dataclass
class Course:
    pre: tuple[str, list[Item]]
    lessons: list[tuple[str, list[Item]]]
    post: tuple[str, list[Item]]
    myths: list[str]


def load_course(rng: random.Random) -> Course:
    """The loaded course as items with a made-up difficulty each."""
    quizzes = db.session.execute(db.select(Quiz).order_by(Quiz.position)).scalars().all()
    items_by_quiz = {quiz.id: [] for quiz in quizzes}
    probes: dict[str, list[str]] = {}
    for question_id, myth_id in db.session.execute(
        db.select(QuestionMyth.question_id, QuestionMyth.myth_id)
    ):
        probes.setdefault(question_id, []).append(myth_id)
    questions = db.session.execute(
        db.select(Question).where(Question.active).order_by(Question.quiz_id, Question.position)
    ).scalars()
    for question in questions:
        items_by_quiz[question.quiz_id].append(_item(question, probes.get(question.id, []), rng))
    _make_some_suspect([i for items in items_by_quiz.values() for i in items], rng)
    by_kind = {
        kind: [(q.id, items_by_quiz[q.id]) for q in quizzes if q.kind == kind]
        for kind in (QuizKind.PRE, QuizKind.LESSON, QuizKind.POST)
    }
    if not all(by_kind.values()):
        raise ValueError(
            "Load the course first (flask load-content): no myth check or lessons found."
        )
    myths = sorted({m for ids in probes.values() for m in ids})
    pre, lessons, post = by_kind[QuizKind.PRE], by_kind[QuizKind.LESSON], by_kind[QuizKind.POST]
    return Course(pre[0], lessons, post[0], myths)


def _item(question: Question, probes: list[str], rng: random.Random) -> Item:
    choices = [c for c in question.choices if c.active]
    correct = next(c.id for c in choices if c.is_correct)
    wrong: list[Choice] = [c for c in choices if not c.is_correct]
    weights = [rng.uniform(0.2, 1.0) for _ in wrong]
    return Item(
        question.id,
        correct,
        [(c.id, c.myth_id) for c in wrong],
        weights,
        probes,
        rng.gauss(0, 0.8),
    )


def _make_some_suspect(items: list[Item], rng: random.Random) -> None:
    """A few items too easy, one distractor never picked, one item strong learners miss."""
    picks = rng.sample(items, min(len(items), 6))
    for item in picks[:3]:
        item.difficulty = -4.0
    for item in picks[3:5]:
        if len(item.weights) > 1:
            item.weights[-1] = 0.0
    if len(picks) > 5:
        picks[5].reversed = True


@dataclass
class TrackedBelief:
    """A learner's belief in one myth, with when and by which question it last moved."""

    belief: scoring.Belief
    at: datetime
    question_id: str


@dataclass
class Learner:
    user_id: int
    ability: float
    held: set[str]
    clock: datetime
    lessons_done: int = 0
    beliefs: dict[str, TrackedBelief] = field(default_factory=dict)


def _sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


class Behaviour:
    """How made-up learners act: the myths they start with, what they pick, how sure
    they are, and which myths a lesson takes from them. The bulk generator here and
    the demo class (quizapp.demo_class, through the app's own functions) both use it."""

    def __init__(self, course: Course, rng: random.Random):
        self.course = course
        self.rng = rng
        self.prevalence = {m: rng.uniform(0.25, 0.8) for m in course.myths}
        self.stickiness = {m: rng.uniform(0.05, 0.3) for m in course.myths}
        for myth in rng.sample(course.myths, min(3, len(course.myths))):
            self.stickiness[myth] = rng.uniform(0.6, 0.8)

    def new_learner(self, user_id: int, start: datetime) -> Learner:
        ability = self.rng.gauss(0, 1)
        held = {
            m for m in self.course.myths if self.rng.random() < self.prevalence[m] - 0.1 * ability
        }
        return Learner(user_id, ability, held, start)

    def unlearn(self, learner: Learner, items: list[Item]) -> None:
        for myth in {m for item in items for m in item.probes}:
            if myth in learner.held and self.rng.random() > self.stickiness[myth]:
                learner.held.discard(myth)

    def pick(self, learner: Learner, item: Item) -> tuple[int, str | None, bool]:
        """The learner's choice: a myth they hold most of the time, else right or wrong
        by ability, practice and the item's difficulty."""
        mythical = [(c, m) for c, m in item.distractors if m in learner.held]
        if mythical and self.rng.random() < 0.8:
            choice_id, myth_id = self.rng.choice(mythical)
            return choice_id, myth_id, False
        skill = -learner.ability if item.reversed else learner.ability
        practice = LESSON_BONUS * learner.lessons_done
        if self.rng.random() < _sigmoid(1.2 * skill - item.difficulty + 0.8 + practice):
            return item.correct_choice, None, True
        if not any(item.weights):
            return item.correct_choice, None, True
        choice_id, myth_id = self.rng.choices(item.distractors, weights=item.weights)[0]
        return choice_id, myth_id, False

    def certainty(self, is_correct: bool, mythical: bool) -> int:
        """Sure of right answers and of myths; unsure, mostly, of other mistakes."""
        roll = self.rng.random()
        if is_correct or mythical:
            return 3 if roll < 0.45 else 2 if roll < 0.85 else 1
        return 1 if roll < 0.5 else 2 if roll < 0.85 else 3


class Generator(Behaviour):
    """Builds every row of the synthetic learners, in batches, through a BulkWriter."""

    def __init__(self, writer: BulkWriter, course: Course, rng: random.Random, days: int):
        super().__init__(course, rng)
        self.writer = writer
        self.now = clock.now()
        self.first_day = self.now - timedelta(days=days)
        self.days = days
        self.attempt_id = writer.next_id("attempt")
        self.answer_id = writer.next_id("answer")

    def learner(self, user_id: int) -> Learner:
        start = self.first_day + timedelta(seconds=self.rng.uniform(0, 0.85 * self.days * 86400))
        return self.new_learner(user_id, start)

    def journey(self, learner: Learner) -> None:
        """Myth check, lessons in order until the learner stops, then the final check."""
        if not self.take(learner, *self.course.pre):
            return
        for quiz_id, items in self.course.lessons:
            if not self.take(learner, quiz_id, items):
                return
            if self.rng.random() < RETAKE:
                self.take(learner, quiz_id, items)
            self.unlearn(learner, items)
            learner.lessons_done += 1
            if self.rng.random() > KEEP_GOING:
                return
        self.take(learner, *self.course.post)

    def take(self, learner: Learner, quiz_id: str, items: list[Item]) -> bool:
        """One attempt; False when the learner left it unfinished (or time ran out)."""
        learner.clock += timedelta(hours=self.rng.uniform(0.2, 72))
        if learner.clock >= self.now - timedelta(hours=1):
            return False
        attempt_id, started = self.attempt_id, learner.clock
        self.attempt_id += 1
        finished = self.rng.random() < FINISH_QUIZ
        answered = items if finished else items[: self.rng.randrange(len(items))]
        correct = cbm = 0
        for position, item in enumerate(items, 1):
            self.writer.add("attempt_item", (attempt_id, position, item.question_id))
        for item in answered:
            learner.clock += timedelta(seconds=self.rng.uniform(8, 50))
            is_correct, mark = self.answer(learner, attempt_id, item)
            correct += is_correct
            cbm += mark
        learner.clock += timedelta(seconds=self.rng.uniform(2, 15))
        self.writer.add(
            "attempt",
            (
                attempt_id,
                learner.user_id,
                quiz_id,
                AttemptMode.FULL,
                None,
                started,
                learner.clock if finished else None,
                len(items),
                correct if finished else None,
                cbm if finished else None,
            ),
        )
        return finished

    def answer(self, learner: Learner, attempt_id: int, item: Item) -> tuple[bool, int]:
        choice_id, myth_id, is_correct = self.pick(learner, item)
        certainty = self.certainty(is_correct, myth_id is not None)
        mark = scoring.cbm_mark(is_correct, certainty)
        self.writer.add(
            "answer",
            (
                self.answer_id,
                attempt_id,
                learner.user_id,
                item.question_id,
                choice_id,
                is_correct,
                certainty,
                mark,
                learner.clock,
            ),
        )
        self.answer_id += 1
        self.track_beliefs(learner, item, myth_id, is_correct, certainty)
        return is_correct, mark

    def track_beliefs(self, learner, item, myth_id, is_correct, certainty) -> None:
        """Move each probed myth by the app's own rules (scoring.evidence_for and
        update_belief), review schedule and relapses included."""
        for probed in item.probes:
            evidence = scoring.evidence_for(probed, myth_id, is_correct, certainty)
            if evidence is None:
                continue
            before = learner.beliefs.get(probed)
            belief, relapse = scoring.update_belief(
                before.belief if before else scoring.Belief(), evidence, learner.clock
            )
            learner.beliefs[probed] = TrackedBelief(belief, learner.clock, item.question_id)
            if relapse:
                self.writer.add("relapse", (learner.user_id, probed, learner.clock))

    def write_beliefs(self, learner: Learner) -> None:
        for myth_id, tracked in learner.beliefs.items():
            belief = tracked.belief
            self.writer.add(
                "myth_belief",
                (
                    learner.user_id,
                    myth_id,
                    belief.state,
                    belief.ever_held,
                    belief.certainty,
                    tracked.at,
                    tracked.question_id,
                    belief.review_step,
                    belief.review_due,
                    belief.relapses,
                ),
            )


def seed_synthetic(
    students: int, classes: int, days: int = 120, seed: int | None = None
) -> dict[str, int]:
    """Add learners in classes (with their teachers) and their whole history; counts per table."""
    rng = random.Random(seed)
    course = load_course(rng)
    tag = secrets.token_hex(3)
    writer = BulkWriter.on_session()
    generator = Generator(writer, course, rng, days)
    teachers = _add_teachers(writer, tag, max(1, round(classes * TEACHERS_PER_CLASS)), generator)
    class_ids = _add_classes(writer, tag, classes, teachers, generator)
    first_user = writer.next_id("user")
    for n, user_id in enumerate(range(first_user, first_user + students)):
        writer.add("user", _user_row(user_id, f"learner-{tag}-{n:06d}", "student", generator))
        writer.add("membership", (class_ids[n % len(class_ids)], user_id, generator.first_day))
        learner = generator.learner(user_id)
        generator.journey(learner)
        generator.write_beliefs(learner)
        writer.maybe_flush()
    writer.finish()
    tallies.rebuild()
    db.session.commit()
    return writer.counts


def _user_row(user_id: int, username: str, role: str, generator: Generator) -> tuple:
    return (
        user_id,
        username,
        UNUSABLE_PASSWORD,
        role,
        False,
        secrets.token_urlsafe(24),
        generator.first_day,
    )


def _add_teachers(writer: BulkWriter, tag: str, count: int, generator: Generator) -> list[int]:
    first = writer.next_id("user")
    ids = list(range(first, first + count))
    for n, user_id in enumerate(ids):
        writer.add("user", _user_row(user_id, f"teacher-{tag}-{n:04d}", "teacher", generator))
    writer.flush("user")
    return ids


def _add_classes(
    writer: BulkWriter, tag: str, count: int, teacher_ids: list[int], generator: Generator
) -> list[int]:
    first = writer.next_id("classroom")
    ids = list(range(first, first + count))
    for n, class_id in enumerate(ids):
        teacher = teacher_ids[n % len(teacher_ids)]
        code = secrets.token_hex(5).upper()
        writer.add(
            "classroom",
            (class_id, teacher, f"Class {n + 1} ({tag})", code, None, generator.first_day),
        )
    writer.flush("classroom")
    return ids


@click.command("seed-synthetic")
@click.option("--students", type=click.IntRange(1), default=200, show_default=True)
@click.option("--classes", type=click.IntRange(1), default=8, show_default=True)
@click.option(
    "--days", type=click.IntRange(7), default=120, show_default=True, help="History length."
)
@click.option("--seed", type=int, default=None, help="Same seed, same learners.")
def seed_synthetic_command(students: int, classes: int, days: int, seed: int | None) -> None:
    """Add made-up learners with a realistic history (demo and benchmark data)."""
    if current_app.config.get("IS_PRODUCTION"):
        raise click.ClickException("Synthetic data is never added in production.")
    began = time.perf_counter()
    try:
        counts = seed_synthetic(students, classes, days, seed)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    click.echo(
        f"Added {counts['user']} users, {counts['classroom']} classes, "
        f"{counts['attempt']} attempts and {counts['answer']} answers "
        f"in {time.perf_counter() - began:.1f} s."
    )
