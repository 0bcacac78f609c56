"""Shared steps for the teacher tests: switch user, make a class, assign, read CSV."""

import csv
import io
from datetime import date, timedelta

from quizapp import clock
from quizapp.extensions import db
from quizapp.models import Classroom, Lesson


def switch(auth, user) -> None:
    """Log the test client in as another user."""
    auth.logout()
    auth.login(user)


def lessons(n: int = 2) -> list[Lesson]:
    return list(db.session.execute(db.select(Lesson).order_by(Lesson.position).limit(n)).scalars())


def create_class(auth, name: str = "Health, period 3") -> Classroom:
    response = auth.post("/teach/classes/new", {"name": name})
    assert response.status_code == 303, response.get_data(as_text=True)
    return db.session.execute(db.select(Classroom).filter_by(name=name)).scalar_one()


def due_in(days: int) -> date:
    return clock.today() + timedelta(days=days)


def assign(auth, classroom_id: int, quiz_ids: list[str], due_on: date | None = None):
    data = {"quiz_ids": quiz_ids, "due_on": due_on.isoformat() if due_on else ""}
    return auth.post(f"/teach/classes/{classroom_id}/assignments/new", data)


def read_csv(response) -> list[list[str]]:
    assert response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
