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

import random
import secrets
import time
from datetime import timedelta

import click
from flask import current_app

from .. import clock, scoring
from ..bulkload import BulkWriter
from ..content import AttemptMode
from ..extensions import db
from ..reports import tallies
from .behaviour import (
    FINISH_QUIZ,
    KEEP_GOING,
    RETAKE,
    TEACHERS_PER_CLASS,
    UNUSABLE_PASSWORD,
    Behaviour,
    Course,
    Item,
    Learner,
    TrackedBelief,
    load_course,
)


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
