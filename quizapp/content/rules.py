"""Course-level rules for the real questions/ folder.

The loader checks that any content is well formed; these rules check that the
course is complete enough to teach: `make test` runs them on questions/.
"""

from collections import defaultdict

from .ids import QuestionForm, QuizKind
from .specs import Course, QuizSpec

LESSONS = (7, 9)
QUESTIONS_PER_LESSON = (5, 8)
MIN_MYTHS = 12
MIN_PROBES, MIN_FORMS, MIN_QUIZZES = 3, 2, 2
DISCUSSION_QUESTIONS = 3


def course_problems(course: Course) -> list[str]:
    """Every way the course falls short of the numbers; empty when it meets them."""
    return (
        _lesson_problems(course)
        + _guide_problems(course)
        + _myth_problems(course)
        + _myth_check_problems(course)
    )


def _lesson_problems(course: Course) -> list[str]:
    problems = []
    if not LESSONS[0] <= len(course.lessons) <= LESSONS[1]:
        problems.append(
            f"{len(course.lessons)} lessons; the course needs {LESSONS[0]}-{LESSONS[1]}"
        )
    for lesson in course.lessons:
        count = len(lesson.questions)
        if not QUESTIONS_PER_LESSON[0] <= count <= QUESTIONS_PER_LESSON[1]:
            problems.append(f"lesson {lesson.id}: {count} questions; needs 5-8")
    for question in course.questions:
        n_choices = len(question.choices)
        if question.form != QuestionForm.TRUE_FALSE and n_choices < 3:
            problems.append(f"{question.id}: {n_choices} choices; needs 3-4")
        feedbacks = [choice.feedback for choice in question.choices]
        if len(set(feedbacks)) != len(feedbacks):
            problems.append(f"{question.id}: two choices share the same feedback")
    return problems


def _guide_problems(course: Course) -> list[str]:
    """Each lesson names its sources and gives teachers a discussion guide."""
    problems = []
    for lesson in course.lessons:
        if not lesson.lesson.sources:
            problems.append(f"lesson {lesson.id}: names no sources")
        if len(lesson.lesson.discussion) != DISCUSSION_QUESTIONS:
            problems.append(
                f"lesson {lesson.id}: needs {DISCUSSION_QUESTIONS} discussion questions"
            )
        if not lesson.lesson.standards:
            problems.append(f"lesson {lesson.id}: names no health education standard")
    return problems


def _myth_problems(course: Course) -> list[str]:
    if len(course.myths) < MIN_MYTHS:
        return [f"{len(course.myths)} myths; the catalog needs at least {MIN_MYTHS}"]
    questions, forms, quizzes = defaultdict(int), defaultdict(set), defaultdict(set)
    for quiz in course.quizzes:
        for question in quiz.questions:
            for myth_id in question.probes:
                quizzes[myth_id].add(quiz.id)
                if quiz.kind == QuizKind.LESSON:
                    questions[myth_id] += 1
                    forms[myth_id].add(question.form)
    problems = []
    for myth in course.myths:
        myth_id = myth.id
        if questions[myth_id] < MIN_PROBES:
            problems.append(
                f"myth {myth_id}: probed by {questions[myth_id]} lesson questions; needs 3"
            )
        if len(forms[myth_id]) < MIN_FORMS:
            problems.append(f"myth {myth_id}: asked in {len(forms[myth_id])} lesson forms; needs 2")
        if len(quizzes[myth_id]) < MIN_QUIZZES:
            problems.append(f"myth {myth_id}: appears in {len(quizzes[myth_id])} quizzes; needs 2")
        if not _can_be_held(course, myth_id):
            problems.append(f"myth {myth_id}: no choice lets a learner pick it")
    return problems


def _can_be_held(course: Course, myth_id: str) -> bool:
    return any(c.myth == myth_id for q in course.questions for c in q.choices)


def _myth_check_problems(course: Course) -> list[str]:
    problems = []
    myth_ids = sorted(m.id for m in course.myths)
    checks = {
        quiz.kind: quiz for quiz in course.quizzes if quiz.kind in (QuizKind.PRE, QuizKind.POST)
    }
    for kind, quiz in checks.items():
        probed = sorted(q.probes[0] for q in quiz.questions)
        if probed != myth_ids:
            problems.append(f"{kind} myth check must have exactly one item per myth")
    if len(checks) == 2:
        problems += _pair_problems(checks[QuizKind.PRE], checks[QuizKind.POST])
    return problems


def _pair_problems(pre: QuizSpec, post: QuizSpec) -> list[str]:
    """A myth's post item is as hard to guess as its pre item: same form, same choice count."""
    after = {q.probes[0]: q for q in post.questions}
    problems = []
    for before in pre.questions:
        other = after.get(before.probes[0])
        if other and (before.form, len(before.choices)) != (other.form, len(other.choices)):
            problems.append(
                f"{before.id} and {other.id}: pre and post items differ in form or choice count"
            )
    return problems
