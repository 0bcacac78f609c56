"""The per-process content snapshot: answers read the content without SQL, and a
reload of the content reaches every process."""

from markupsafe import escape

from quizapp.content import PRE_QUIZ, snapshot, sync_course
from quizapp.extensions import db
from quizapp.models import Choice, ContentRevision, Lesson, Question, QuestionMyth

from ..conftest import real_course, statements_sent
from .helpers import answer_count, choice, finish_pre_check, items, start


def reload_stem(question_id: str, stem: str) -> None:
    """What `flask load-content` does in another process: new rows, a new revision."""
    db.session.get(Question, question_id).stem = stem
    snapshot.new_revision()
    db.session.commit()


def test_a_content_reload_reaches_the_question_card(client, auth, student):
    auth.login(student)
    attempt_id = start(auth, PRE_QUIZ)
    first = items(attempt_id)[0]
    page = client.get(f"/attempts/{attempt_id}/questions/1")
    assert escape(db.session.get(Question, first).stem) in page.get_data(as_text=True)

    reload_stem(first, "A reworded question?")

    page = client.get(f"/attempts/{attempt_id}/questions/1")
    assert "A reworded question?" in page.get_data(as_text=True)


def test_a_process_asks_for_a_new_revision_only_after_the_interval(app, monkeypatch):
    app.config["CONTENT_RECHECK_SECONDS"] = 60
    now = [1000.0]
    monkeypatch.setattr(snapshot.time, "monotonic", lambda: now[0])
    question_id = db.session.execute(db.select(Question.id).limit(1)).scalar()
    before = snapshot.current()

    reload_stem(question_id, "A reworded question?")
    now[0] += 59
    with statements_sent() as statements:
        assert snapshot.current() is before
    assert statements == []

    now[0] += 1
    assert snapshot.question(question_id).stem == "A reworded question?"


def test_every_sync_writes_a_new_revision(app):
    token = db.session.execute(db.select(ContentRevision.token)).scalar_one()
    sync_course(real_course())
    assert db.session.execute(db.select(ContentRevision.token)).scalar_one() != token


def test_an_answer_runs_the_same_few_statements_whatever_the_question(app, client, auth, student):
    """Who is asking, the attempt with its item and the beliefs, the insert and the
    belief upserts: the question, its choices and its myths come from the snapshot."""
    app.config["CONTENT_RECHECK_SECONDS"] = 60
    auth.login(student)
    attempt_id = start(auth, PRE_QUIZ)
    token = auth.csrf_token("/help")
    snapshot.current()
    question_ids = items(attempt_id)
    for question_id in question_ids:
        picked = choice(question_id, myth=True)
        form = {
            "question_id": question_id,
            "choice": picked.id,
            "certainty": 3,
            "csrf_token": token,
        }
        db.session.remove()
        with statements_sent() as statements:
            response = client.post(
                f"/attempts/{attempt_id}/answer", data=form, headers={"HX-Request": "1"}
            )
        assert response.status_code == 200
        work = [s for s in statements if not s.startswith("BEGIN")]
        kinds = [s.split()[0] for s in work]
        myths = len(snapshot.question(question_id).myth_ids)
        answer_kinds = ["SELECT"] * 2 + ["INSERT"] + ["INSERT"] * myths
        if question_id == question_ids[-1]:
            assert kinds[: len(answer_kinds)] == answer_kinds, work
            assert "UPDATE" in kinds[len(answer_kinds) :], "the last answer scores the attempt"
        else:
            assert kinds == answer_kinds, work


def lesson_with_a_plain_wrong_choice():
    """The first lesson with a myth-probing question whose wrong choice names no myth."""
    return (
        db.select(Lesson.id)
        .join(Question, Question.quiz_id == Lesson.id)
        .join(QuestionMyth, QuestionMyth.question_id == Question.id)
        .join(Choice, Choice.question_id == Question.id)
        .where(Choice.myth_id.is_(None), Choice.is_correct.is_(False), Choice.active)
        .order_by(Lesson.position)
        .limit(1)
    )


def test_a_wrong_choice_that_reflects_no_myth_writes_no_belief(app, client, auth, student):
    app.config["CONTENT_RECHECK_SECONDS"] = 60
    auth.login(student)
    finish_pre_check(student)
    attempt_id = start(auth, db.session.execute(lesson_with_a_plain_wrong_choice()).scalar())
    token = auth.csrf_token("/help")
    plain = [
        (question_id, c)
        for question_id in items(attempt_id)
        for c in snapshot.question(question_id).active_choices
        if not c.is_correct and c.myth is None and snapshot.question(question_id).myth_ids
    ]
    assert plain, "the lesson has wrong choices that reflect no myth"
    question_id, picked = plain[0]
    form = {"question_id": question_id, "choice": picked.id, "certainty": 2, "csrf_token": token}
    db.session.remove()
    with statements_sent() as statements:
        response = client.post(f"/attempts/{attempt_id}/answer", data=form)
    assert response.status_code == 303
    work = [s for s in statements if not s.startswith(("BEGIN", "COMMIT"))]
    kinds = [s.split()[0] for s in work]
    assert kinds[:3] == ["SELECT", "SELECT", "INSERT"], work
    assert "INTO answer" in work[2]
    # On the last position the attempt is scored if complete: one more read, no write here.
    assert set(kinds[3:]) <= {"SELECT"}, work
    assert answer_count(attempt_id) == 1
