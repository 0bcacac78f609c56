"""The made-up learners' course and behaviour: which items they meet, how able
they are, which myths they start with, and how their answers and certainty
follow. `Generator` (the package) writes their rows; the demo class
(`demo_class.py`) drives the same behaviour through the app's real code."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import datetime

from .. import scoring
from ..content import QuizKind
from ..extensions import db
from ..models import Choice, Question, QuestionMyth, Quiz

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
        db.select(QuestionMyth.question_id, QuestionMyth.myth_id).order_by(
            QuestionMyth.question_id, QuestionMyth.myth_id
        )
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
        for myth in sorted({m for item in items for m in item.probes}):
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
