"""The demo class: "Period 3 Health", made-up students with three weeks of history.

Every answer goes through the functions the views call (attempts.start_attempt,
answers.record_answer, attempts.finish_attempt; practice.start_retry,
start_spaced_review, start_assigned; the teacher's assign, assign_reteach and
schedule_delayed_test), with the app's clock (app.config["CLOCK"]) moved back to
each moment. So the class holds what a real class would: the myth check first,
lessons with a few retries, spaced reviews on their schedule, a re-teach,
assignments with due dates, and a delayed myth check that has just opened.
`Behaviour` (quizapp.synthetic) decides what each student picks and how sure
they are.
"""

from __future__ import annotations

import random
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask import current_app
from werkzeug.exceptions import Conflict

from . import answers, attempts, clock, practice
from .content import POST_QUIZ, PRE_QUIZ
from .extensions import db
from .models import Answer, Assignment, Attempt, Classroom, Membership, Quiz, User
from .reports import learner
from .synthetic import UNUSABLE_PASSWORD, Behaviour, Learner, load_course
from .teach.classes import assign, assign_reteach, save_with_fresh_code, schedule_delayed_test

CLASS_NAME = "Period 3 Health"
DAYS = 21
SEED = 17
FIRST_NAMES = (
    "amara", "ben", "chloe", "dev", "elena", "finn", "grace", "hugo", "isla", "jonah",
    "kira", "leo", "maya", "nico", "olivia", "priya", "quinn", "rosa", "sam", "tariq",
    "uma", "victor", "wren", "yusuf",
)  # fmt: skip
# The teacher assigns the first half of the lessons on the first Monday and the rest
# on the second, each due a week on; week three is for reviews, a re-teach and the
# delayed myth check.
LESSON_WEEKS = 2
DUE_AFTER_DAYS = 7
RETEACH_DAY, RETEACH_SHARE, RETEACH_DUE_DAYS = 14, 0.3, 4
DELAYED_OPENS_DAYS_AGO = 2
STEPS_PER_SESSION = (1, 2, 2, 3)
RETRY_CHANCE, SPACED_REVIEW_CHANCE, LEAVE_HALF_DONE = 0.25, 0.2, 0.05


@dataclass
class Student:
    """A demo student: their account, their mind, how often they turn up, when they
    join, and what they have finished so far (kept here so as not to ask the database
    each step)."""

    user: User
    mind: Learner
    diligence: float
    first_day: int = 0
    max_lessons: int | None = None
    finished: set[str] = field(default_factory=set)
    done_assignments: set[int] = field(default_factory=set)
    last_lesson: Attempt | None = None

    @property
    def lessons_done(self) -> int:
        return self.mind.lessons_done


def history_start(now: datetime) -> datetime:
    """9:00 on the Monday of the week three weeks before now."""
    day = now.date() - timedelta(weeks=3)
    return datetime.combine(day - timedelta(days=day.weekday()), time(9, 0))


def school_day_before(day: date) -> date:
    """The day itself, or the Friday before it when it falls on a weekend."""
    return day - timedelta(days=max(0, day.weekday() - 4))


class DemoClass:
    """Makes the class's history day by day, in the order things would happen."""

    def __init__(self, teacher: User, now: datetime):
        self.rng = random.Random(SEED)
        self.course = load_course(self.rng)
        self.behaviour = Behaviour(self.course, self.rng)
        quizzes = [self.course.pre, *self.course.lessons, self.course.post]
        self.items = {item.question_id: item for _, items in quizzes for item in items}
        self.lesson_items = dict(self.course.lessons)
        self.lessons = list(self.lesson_items)
        self.now = now
        self.start = history_start(now)
        self.moment = self.start
        self.classroom = Classroom(teacher_id=teacher.id, name=CLASS_NAME, created_at=self.start)
        save_with_fresh_code(self.classroom)
        self.students: list[Student] = []
        self.assigned: list[str] = []
        self.reteach: Assignment | None = None
        self.delayed: Assignment | None = None
        self.delayed_opens = school_day_before(now.date() - timedelta(days=DELAYED_OPENS_DAYS_AGO))

    def enrol(
        self,
        user: User,
        first_day: int = 0,
        max_lessons: int | None = None,
        diligence: float | None = None,
    ) -> None:
        """Add a student who joins on `first_day`, stops after `max_lessons` (None: never)
        and turns up on a school day with chance `diligence` (None: drawn)."""
        joined = self.start + timedelta(days=first_day, minutes=self.rng.uniform(0, 40))
        membership = Membership(classroom_id=self.classroom.id, user_id=user.id, joined_at=joined)
        db.session.add(membership)
        db.session.commit()
        mind = self.behaviour.new_learner(user.id, joined)
        diligence = diligence or self.rng.uniform(0.55, 0.95)
        self.students.append(Student(user, mind, diligence, first_day, max_lessons))

    def run(self) -> None:
        """Every school day from the start until yesterday (today's lesson may not have
        begun yet): the teacher first, then the students."""
        with self.clock_running():
            for day in range((self.now.date() - self.start.date()).days):
                today = self.start + timedelta(days=day)
                if today.weekday() >= 5:
                    continue
                self.moment = today
                self.teacher_acts(day)
                for student in self.rng.sample(self.students, len(self.students)):
                    if day >= student.first_day and self.rng.random() < student.diligence:
                        self.moment = today + timedelta(minutes=self.rng.uniform(0, 50))
                        self.session(student)

    def teacher_acts(self, day: int) -> None:
        """Assign the week's lessons, re-teach what the class still holds, open the
        delayed myth check."""
        per_week = -(-len(self.lessons) // LESSON_WEEKS)
        for week in range(LESSON_WEEKS):
            if day == 7 * week:
                due = self.moment.date() + timedelta(days=DUE_AFTER_DAYS)
                lessons = self.lessons[week * per_week : (week + 1) * per_week]
                assign(self.classroom, lessons, due)
                self.assigned += lessons
        if day == RETEACH_DAY:
            due = self.moment.date() + timedelta(days=RETEACH_DUE_DAYS)
            self.reteach = assign_reteach(self.classroom, RETEACH_SHARE, due)
        if self.moment.date() == self.delayed_opens:
            self.delayed, _ = schedule_delayed_test(self.classroom, self.moment.date())

    def session(self, student: Student) -> None:
        """What a student does when they open the app: one or two steps of the course."""
        for _ in range(self.rng.choice(STEPS_PER_SESSION)):
            if not self.step(student):
                return

    def step(self, student: Student) -> bool:
        """The next thing this student would do; False when there is nothing to do."""
        user_id = student.user.id
        if PRE_QUIZ not in student.finished:
            return self.take(student, attempts.start_attempt(user_id, self._quiz(PRE_QUIZ)))
        if self.reteach and self.reteach.id not in student.done_assignments:
            return self.take(student, self._assigned(user_id, self.reteach))
        due = learner.due_myth_ids(user_id, self.moment, practice.MYTH_PROBE_SIZE)
        if due and self.rng.random() < SPACED_REVIEW_CHANCE:
            return self.take(student, practice.start_spaced_review(user_id, self.moment))
        last = student.last_lesson
        if last is not None and self.rng.random() < RETRY_CHANCE and practice.retry_offer(last):
            return self.take(student, practice.start_retry(last))
        done = student.lessons_done
        if done < len(self.lessons):
            if done == student.max_lessons or self.lessons[done] not in self.assigned:
                return False
            return self.take_lesson(student, self.lessons[done])
        if POST_QUIZ not in student.finished:
            return self.take(student, attempts.start_attempt(user_id, self._quiz(POST_QUIZ)))
        if self.delayed and self.delayed.id not in student.done_assignments:
            return self.take(student, self._assigned(user_id, self.delayed))
        return False

    def take_lesson(self, student: Student, quiz_id: str) -> bool:
        """Read the lesson (it takes some myths away), then take its quiz."""
        self.behaviour.unlearn(student.mind, self.lesson_items[quiz_id])
        finished = self.take(student, attempts.start_attempt(student.user.id, self._quiz(quiz_id)))
        if finished:
            student.mind.lessons_done += 1
        return finished

    def take(self, student: Student, attempt: Attempt | None) -> bool:
        """Answer the attempt's open questions as this student would, then finish it;
        now and then they leave it half done. False when it was not finished."""
        if attempt is None:
            return False
        answered = set(
            db.session.execute(
                db.select(Answer.question_id).filter_by(attempt_id=attempt.id)
            ).scalars()
        )
        items = [i for i in attempts.attempt_items(attempt) if i.question_id not in answered]
        leaves = items and self.rng.random() < LEAVE_HALF_DONE
        leave_at = self.rng.randrange(len(items)) if leaves else None
        for index, item in enumerate(items):
            if index == leave_at:
                return False
            self.moment += timedelta(seconds=self.rng.uniform(8, 50))
            self.answer(student, attempt, item.question_id)
        self.moment += timedelta(seconds=self.rng.uniform(3, 20))
        attempts.finish_attempt(attempt)
        self.moment += timedelta(minutes=self.rng.uniform(1, 6))
        self.note_finished(student, attempt)
        return True

    def note_finished(self, student: Student, attempt: Attempt) -> None:
        student.finished.add(attempt.quiz_id)
        if attempt.assignment_id is not None:
            student.done_assignments.add(attempt.assignment_id)
        if attempt.quiz_id in self.lesson_items:
            student.last_lesson = attempt

    def answer(self, student: Student, attempt: Attempt, question_id: str) -> None:
        """Answer one question as the answer view does (answer_target, then record_answer)."""
        choice_id, myth_id, right = self.behaviour.pick(student.mind, self.items[question_id])
        certainty = self.behaviour.certainty(right, myth_id is not None)
        answers.record_answer(answers.answer_target(attempt.id, question_id), choice_id, certainty)

    @contextmanager
    def clock_running(self):
        """The app's clock reads this history's moment while it is made."""
        config = current_app.config
        saved = config.get("CLOCK")
        config["CLOCK"] = lambda: self.moment
        try:
            yield
        finally:
            config["CLOCK"] = saved

    def _assigned(self, user_id: int, assignment: Assignment) -> Attempt | None:
        """Start what the assignment asks for; None when no question is left for it."""
        try:
            return practice.start_assigned(user_id, assignment)
        except Conflict:
            return None

    def _quiz(self, quiz_id: str) -> Quiz:
        return db.session.get(Quiz, quiz_id)


def demo_class_exists(teacher: User) -> bool:
    query = db.select(Classroom.id).filter_by(teacher_id=teacher.id, name=CLASS_NAME)
    return db.session.execute(query.limit(1)).first() is not None


def class_student(username: str) -> User:
    """A made-up student who never logs in (no usable password)."""
    user = User(username=username, role="student", password_hash=UNUSABLE_PASSWORD)
    db.session.add(user)
    return user


def seed_demo_class(teacher: User, mid_course: User) -> Classroom:
    """Make the demo class with its made-up students and `mid_course` (who joins a
    week in and stops after three lessons), and three weeks of their history."""
    demo = DemoClass(teacher, clock.now())
    for index, name in enumerate(FIRST_NAMES):
        user = class_student(f"{name}-p3")
        db.session.commit()
        demo.enrol(user, first_day=3 if index % 11 == 10 else 0)
    demo.enrol(mid_course, first_day=7, max_lessons=3, diligence=1.0)
    demo.run()
    return demo.classroom
