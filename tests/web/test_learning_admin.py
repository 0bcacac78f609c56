"""Admins see confident misconceptions first and retention for a chosen class."""

from ..conftest import make_class, make_user
from .learning_helpers import take_pre_check


def test_admin_myths_page_shows_them_for_a_chosen_class(client, auth, admin, teacher):
    learner = make_user()
    classroom = make_class(teacher, students=[learner])
    auth.login(learner)
    take_pre_check(auth, {"pre-alcohol-is-fine": 3})
    auth.logout()
    auth.login(admin)
    everyone = client.get("/admin/myths").get_data(as_text=True)
    assert "Choose a class or a teacher above" in everyone
    page = client.get(f"/admin/myths?classroom={classroom.id}").get_data(as_text=True)
    assert page.index("Certain, but wrong") < page.index("Myths the course fails to correct")
    assert "A drink or two with clonazepam is fine." in page
    assert "Holding the myth before, after and weeks later" in page
