"""An admin opening a class's progress grid or its CSV, which name every student, or
the students holding a myth, is recorded for each student named and shown under My
data and in my-data.json; the class's own teacher opening them records nothing."""

from quizapp import scoring
from quizapp.extensions import db
from quizapp.models import AdminView, Myth, MythBelief
from quizapp.timezones import local_datetime
from tests.conftest import Auth, make_class, make_user

GRID_SHOWN = "viewed the class progress, which shows your name and scores"
CSV_SHOWN = "downloaded the class progress, which shows your name and scores"


def views() -> list[tuple]:
    return db.session.execute(
        db.select(AdminView.user_id, AdminView.admin_id, AdminView.page).order_by(
            AdminView.user_id, AdminView.page
        )
    ).all()


def signed_in(new_client, user):
    client = new_client()
    Auth(client).login(user)
    return client


def test_the_teacher_on_their_own_class_progress_records_nothing(
    new_client, teacher, student, clock
):
    classroom = make_class(teacher, students=[student])
    mine = signed_in(new_client, teacher)
    assert mine.get(f"/teach/classes/{classroom.id}/progress").status_code == 200
    assert mine.get(f"/teach/classes/{classroom.id}/progress.csv").status_code == 200
    assert views() == []


def test_an_admin_on_the_class_progress_is_shown_to_each_student_named(
    new_client, teacher, admin, student, clock
):
    other = make_user("student")
    outsider = make_user("student")
    classroom = make_class(teacher, "Period 4", students=[student, other])
    admins = signed_in(new_client, admin)
    grid = f"/teach/classes/{classroom.id}/progress"

    assert admins.get(grid).status_code == 200
    assert admins.get(grid).status_code == 200, "a reload the same day adds nothing"
    assert admins.get(f"{grid}.csv").status_code == 200
    expected = sorted(
        (user.id, admin.id, page)
        for user in (student, other)
        for page in ("progress", "progress_csv")
    )
    assert views() == expected
    assert outsider.id not in {user_id for user_id, _, _ in views()}

    clock.travel(days=1)
    assert admins.get(grid).status_code == 200
    assert len(views()) == len(expected) + 2, "another day is another record"

    students = signed_in(new_client, student)
    page = students.get("/account/").get_data(as_text=True)
    seen_at = db.session.execute(db.select(db.func.max(AdminView.viewed_at))).scalar()
    assert f"{local_datetime(seen_at)}: {admin.username} {GRID_SHOWN}" in page
    assert CSV_SHOWN in page and "Period 4" in page
    data = students.get("/account/my-data.json").json
    pages = [(v["admin"], v["class"], v["page"]) for v in data["admin_views"]]
    assert pages.count((admin.username, "Period 4", "progress")) == 2
    assert pages.count((admin.username, "Period 4", "progress_csv")) == 1


HOLDERS_SHOWN = "viewed who in the class still holds a myth, which names you"


def test_an_admin_on_a_myths_holders_is_shown_to_the_students_it_names(
    new_client, teacher, admin, student, clock
):
    other = make_user("student")
    classroom = make_class(teacher, "Period 5", students=[student, other])
    myth_id = db.session.execute(db.select(Myth.id).where(Myth.active)).scalars().first()
    db.session.add(MythBelief(user_id=student.id, myth_id=myth_id, state=scoring.FIRM))
    db.session.commit()
    holders = f"/teach/classes/{classroom.id}/myths/{myth_id}"

    assert signed_in(new_client, teacher).get(holders).status_code == 200
    assert views() == [], "the class's own teacher records nothing"
    page = signed_in(new_client, admin).get(holders)
    assert student.username in page.get_data(as_text=True)
    assert views() == [(student.id, admin.id, "myth_holders")], "only the named student"

    mine = signed_in(new_client, student).get("/account/").get_data(as_text=True)
    assert f"{admin.username} {HOLDERS_SHOWN}" in mine
