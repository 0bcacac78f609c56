"""Days as the school counts them: near midnight the UTC date is already tomorrow, yet
due, overdue and opening dates and the admin date filter follow the school's (or the
class's) time zone."""

from datetime import date, datetime

from quizapp.content import POST_QUIZ, PRE_QUIZ
from quizapp.extensions import db
from quizapp.models import Assignment, Attempt

from ..conftest import make_class, make_user
from .admin_helpers import take
from .helpers import finish_pre_check
from .teach_helpers import lessons, read_csv, switch

DUE = date(2026, 1, 5)
EVENING_IN_NEW_YORK = datetime(2026, 1, 6, 2, 0)  # 21:00 on 5 Jan in New York (EST)
AFTER_MIDNIGHT_IN_NEW_YORK = datetime(2026, 1, 6, 5, 30)  # 00:30 on 6 Jan in New York
EVENING_IN_LOS_ANGELES = datetime(2026, 1, 6, 6, 0)  # 22:00 on 5 Jan in Los Angeles (PST)


def home_badges(client) -> str:
    page = client.get("/").get_data(as_text=True)
    return page[page.index("assigned") :]


def test_work_due_today_is_not_overdue_until_the_schools_day_ends(
    client, auth, teacher, student, clock
):
    classroom = make_class(teacher, students=[student])
    db.session.add(Assignment(classroom_id=classroom.id, quiz_id=lessons(1)[0].id, due_on=DUE))
    db.session.commit()
    finish_pre_check(student)
    auth.login(student)

    clock.now = EVENING_IN_NEW_YORK
    assert "Due Mon 5 Jan" in home_badges(client)
    assert "Overdue" not in home_badges(client)

    clock.now = AFTER_MIDNIGHT_IN_NEW_YORK
    assert "Overdue: was due Mon 5 Jan" in home_badges(client)


def test_a_class_in_another_zone_counts_its_own_days(client, auth, teacher, student, clock):
    east = make_class(teacher, "East", students=[student])
    west = make_class(teacher, "West", students=[student])
    west.timezone = "America/Los_Angeles"
    first, second = lessons(2)
    db.session.add_all(
        [
            Assignment(classroom_id=east.id, quiz_id=first.id, due_on=DUE),
            Assignment(classroom_id=west.id, quiz_id=second.id, due_on=DUE),
        ]
    )
    db.session.commit()
    finish_pre_check(student)
    auth.login(student)

    clock.now = EVENING_IN_LOS_ANGELES
    page = home_badges(client)
    east_card = page[page.index(first.title) :][:600]
    west_card = page[page.index(second.title) :][:600]
    assert "Overdue: was due Mon 5 Jan" in east_card
    assert "Overdue" not in west_card and "Due Mon 5 Jan" in west_card


def test_a_delayed_check_opens_on_the_schools_day(client, auth, teacher, student, clock):
    classroom = make_class(teacher, students=[student])
    delayed = Assignment(
        classroom_id=classroom.id, quiz_id=POST_QUIZ, mode="delayed", available_on=date(2026, 1, 6)
    )
    db.session.add(delayed)
    db.session.commit()
    finish_pre_check(student)
    auth.login(student)

    clock.now = EVENING_IN_NEW_YORK
    refused = auth.post(f"/assignments/{delayed.id}/start", {})
    assert refused.status_code == 303 and refused.headers["Location"] == "/"
    assert "This opens on January 6." in client.get("/").get_data(as_text=True)
    started_early = db.select(Attempt).filter_by(assignment_id=delayed.id)
    assert db.session.execute(started_early).first() is None

    clock.now = AFTER_MIDNIGHT_IN_NEW_YORK
    started = auth.post(f"/assignments/{delayed.id}/start", {})
    assert started.status_code == 303 and "/attempts/" in started.headers["Location"]


def test_the_admin_date_filter_takes_the_schools_days(app, auth, admin):
    """A myth check taken at 21:00 on 5 Jan in New York (02:00 UTC on 6 Jan) is counted
    on 5 Jan, for everyone (the tallies) and for one class (the answers themselves)."""
    teacher, learner = make_user("teacher"), make_user("student")
    classroom = make_class(teacher, students=[learner])
    take(app, auth, learner, PRE_QUIZ, when=EVENING_IN_NEW_YORK)
    switch(auth, admin)

    for scope in ("", f"&classroom={classroom.id}"):
        on_the_5th = f"/admin/export/activity.csv?start=2026-01-05&end=2026-01-05{scope}"
        assert read_csv(auth.client.get(on_the_5th))[1:] == [["2026-01-05", "1", "1"]]
        on_the_6th = f"/admin/export/activity.csv?start=2026-01-06&end=2026-01-06{scope}"
        assert read_csv(auth.client.get(on_the_6th))[1:] == []

    hint = auth.client.get("/admin/").get_data(as_text=True)
    assert "time zone (America/New_York)" in hint and "in UTC" not in hint
