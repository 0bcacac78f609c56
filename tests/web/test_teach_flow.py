"""The teacher story end to end: class, join by code, assign, work in the grid and bars."""

import re

from quizapp.content import PRE_QUIZ
from quizapp.extensions import db
from quizapp.models import Assignment, Membership, Question, QuestionMyth
from quizapp.reports import learner
from quizapp.scoring import STATE_LABELS

from .helpers import answer, answer_all, choice, finish, items, start
from .teach_helpers import assign, create_class, due_in, lessons, read_csv, switch


def bar_legend(page: str, myth_id: str) -> dict[str, int]:
    """The numbers printed beside one myth's bar, by label."""
    legend = re.search(rf'<ul class="bar-legend" id="bar-{myth_id}">(.*?)</ul>', page, re.S)
    pairs = re.findall(r"</span>([^:<]+): <strong>(\d+)</strong>", legend.group(1))
    return {label.strip(): int(n) for label, n in pairs}


def grid_row(page: str, username: str) -> list[str]:
    row = re.search(rf"<tr>\s*<th scope=\"row\"><a [^>]*>{username}</a></th>(.*?)</tr>", page, re.S)
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)
    ]


def probed_by(quiz_id: str, question_id: str) -> bool:
    """Whether the quiz has a question probing a myth of this question."""
    myths = db.select(QuestionMyth.myth_id).filter_by(question_id=question_id)
    return bool(
        db.session.execute(
            db.select(db.func.count())
            .select_from(QuestionMyth)
            .join(Question, Question.id == QuestionMyth.question_id)
            .where(Question.quiz_id == quiz_id, QuestionMyth.myth_id.in_(myths))
        ).scalar()
    )


def test_class_join_assign_and_see_the_work(client, auth, teacher, student):
    auth.login(teacher)
    classroom = create_class(auth)
    code = classroom.join_code
    assert re.fullmatch(r"[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6}", code)
    first, second = lessons(2)
    due = due_in(7)
    response = assign(auth, classroom.id, [first.id, second.id], due)
    assert response.status_code == 303

    switch(auth, student)
    typed = f"  {code[:3].lower()} {code[3:].lower()} "
    response = auth.post("/join", {"code": typed})
    assert response.status_code == 303
    home = client.get("/").get_data(as_text=True)
    assert "You joined “Health, period 3”" in home
    assert "Assigned to you" in home
    assert first.title in home and second.title in home
    assert due.strftime("%-d %b") in home

    again = client.get(auth.post("/join", {"code": code}).location)
    assert "You are already in “Health, period 3”" in again.get_data(as_text=True)
    members = db.session.execute(db.select(db.func.count()).select_from(Membership)).scalar()
    assert members == 1

    pre = start(auth, PRE_QUIZ)
    held_question = next(q for q in items(pre) if not probed_by(first.id, q))
    held_myth = choice(held_question, myth=True).myth_id
    answer(auth, pre, held_question, choice(held_question, myth=True).id, certainty=3)
    answer_all(auth, pre, wrong={held_question})
    finish(auth, pre)
    done = start(auth, first.id)
    answer_all(auth, done)
    finish(auth, done)
    home = client.get("/").get_data(as_text=True)
    assert "Done · best 100%" in home

    switch(auth, teacher)
    page = client.get(f"/teach/classes/{classroom.id}/progress").get_data(as_text=True)
    assert grid_row(page, student.username) == ["1 of 2", "100% 80+", "Not started"]

    myths = client.get(f"/teach/classes/{classroom.id}/myths").get_data(as_text=True)
    states = {s.myth.id: s.label for s in learner.myth_states(student.id)}
    assert states[held_myth] == "Firmly held"
    for myth_id, label in states.items():
        expected = {name: int(name == label) for name in STATE_LABELS.values()}
        assert bar_legend(myths, myth_id) == expected, myth_id

    rows = read_csv(client.get(f"/teach/classes/{classroom.id}/progress.csv"))
    assert rows == [
        ["Student", f"{first.title} (due {due})", f"{second.title} (due {due})", "Done"],
        [student.username, "100", "not started", "1"],
    ]
    myth_rows = {
        row[0]: row[1:] for row in read_csv(client.get(f"/teach/classes/{classroom.id}/myths.csv"))
    }
    held = [row for statement, row in myth_rows.items() if statement != "Myth" and row[0] == "1"]
    assert held == [["1", "0", "0", "0", "0", "1", "100", "0", ""]]
    assert db.session.execute(db.select(db.func.count(Assignment.id))).scalar() == 2


def test_wrong_and_archived_codes_say_so(client, auth, teacher, student):
    auth.login(teacher)
    classroom = create_class(auth)
    auth.post(f"/teach/classes/{classroom.id}/archive", {"confirm": "yes"})
    switch(auth, student)

    response = auth.post("/join", {"code": "ZZZ-ZZZ"})
    assert response.status_code == 422
    assert "No class has the code ZZZZZZ" in response.get_data(as_text=True)

    response = auth.post("/join", {"code": classroom.join_code})
    assert response.status_code == 422
    assert "is closed and takes no new students" in response.get_data(as_text=True)
    assert db.session.execute(db.select(db.func.count()).select_from(Membership)).scalar() == 0
