"""An admin on a fresh install, on a phone: makes MythCheck's first signing key on
/admin/lti by pressing its button, types a platform with mistakes and is told at the
top that nothing was saved, fixes it, corrects it later on its edit page, and
replaces the key after a confirmation."""

import pytest

from quizapp.extensions import db
from quizapp.lti import keys
from quizapp.lti.models import LtiKey, LtiPlatform

from .axe import audit
from .flows import follow, sign_in

TYPED = {
    "Name": "District Moodle",
    "Issuer": "https://moodle.district.example",
    "Deployment IDs": "",
    "Login URL": "https://moodle.district.example/mod/lti/auth.php",
    "Token URL": "moodle.district.example/mod/lti/token.php",
    "Key set URL": "https://moodle.district.example/mod/lti/certs.php",
}


def border_color(page, label: str) -> str:
    return page.get_by_label(label, exact=True).evaluate("e => getComputedStyle(e).borderColor")


def press(page, name: str) -> None:
    follow(page, page.get_by_role("button", name=name))
    audit(page, name)


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_an_admin_sets_up_lti_from_the_page_alone(open_page, live_server, color_scheme):
    client_id = f"moodle-{color_scheme}"
    with live_server.app.app_context():
        db.session.execute(db.delete(LtiKey))
        db.session.commit()
    page = open_page(color_scheme=color_scheme)
    sign_in(page, live_server, "demo-admin")
    page.goto(live_server("/admin/lti"))
    audit(page, "no key yet")
    page.get_by_text("MythCheck has no signing key yet").wait_for()
    press(page, "Make the signing key")
    page.get_by_text("Signing key made.").wait_for()

    for label, value in {**TYPED, "Client ID": client_id}.items():
        page.get_by_label(label, exact=True).fill(value)
    press(page, "Register platform")
    told = page.get_by_text("Nothing was saved. Fix the fields marked below.")
    assert told.is_visible() and told.bounding_box()["y"] < 740
    assert border_color(page, "Deployment IDs") == border_color(page, "Token URL")
    assert border_color(page, "Deployment IDs") != border_color(page, "Name")
    page.get_by_label("Deployment IDs", exact=True).fill("7")
    page.get_by_label("Token URL", exact=True).fill("https://moodle.district.example/token")
    press(page, "Register platform")
    page.get_by_text("Platform registered.").wait_for()

    follow(page, page.get_by_role("link", name="Edit District Moodle").last)
    audit(page, "edit platform")
    fixed = "https://moodle.district.example/mod/lti/token.php"
    page.get_by_label("Token URL", exact=True).fill(fixed)
    press(page, "Save platform")
    page.get_by_text("Platform saved.").wait_for()
    with live_server.app.app_context():
        platform = db.session.execute(
            db.select(LtiPlatform).filter_by(client_id=client_id)
        ).scalar_one()
        assert platform.token_url == fixed and platform.deployment_ids == ["7"]
        first_key = keys.signing_key().kid

    press(page, "Replace the signing key")
    page.get_by_role("heading", name="Replace MythCheck's signing key?").wait_for()
    press(page, "Replace the signing key")
    page.get_by_text("New signing key made.").wait_for()
    with live_server.app.app_context():
        assert keys.signing_key().kid != first_key
        assert first_key in [key.kid for key in keys.published_keys()]
