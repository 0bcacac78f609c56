"""The LTI endpoints the platform calls, the handoff into MythCheck, deep linking and
the admin's platform page. Views stay thin: the work is in launch, handoff, keys."""

from flask import (
    abort,
    flash,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user
from wtforms import SelectChoice

from ..confirm import Question, ask, confirmed
from ..extensions import csrf, db
from ..forms import ButtonForm, form_page, require_button
from ..security import role_required
from ..templating import public_url
from . import bp, deep_linking, handoff, keys, registry
from .forms import ALREADY_REGISTERED, DeepLinkForm, PlatformForm
from .framing import FRAME_ORIGINS, origin_of, policy
from .launch import accept_launch, start_login
from .models import LtiPlatform
from .validation import LaunchRefused


def refused(message: str, status: int = 400):
    """The error page of a launch: in the LMS's frame, so the registered platforms may frame it."""
    response = make_response(render_template("lti/refused.html", message=message), status)
    response.headers["Content-Security-Policy"] = policy(registry.frame_origins())
    return response


@bp.get("/.well-known/jwks.json")
def key_set():
    """MythCheck's public keys, for platforms to check what we sign."""
    response = jsonify(keys.key_set())
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


@bp.route("/lti/login", methods=["GET", "POST"])
@csrf.exempt
def login():
    """OIDC login initiation from the platform (a third-party initiated login)."""
    try:
        return start_login()
    except keys.NoSigningKey:
        return refused(_("MythCheck has no LTI key yet. Ask your school's admin."), 503)
    except Exception:  # pylti1p3 refuses a login in its own exception types
        return refused(_("This LMS is not registered with MythCheck. Ask your school's admin."))


@bp.post("/lti/launch")
@csrf.exempt
def launch():
    """The launch: every check, then the person is signed in and taken on."""
    try:
        user, token, origins = accept_launch()
    except LaunchRefused as refusal:
        db.session.rollback()
        return refused(refusal.message)
    login_user(user)
    session[FRAME_ORIGINS] = origins
    return redirect(url_for("lti.arrive", token=token), 303)


@bp.get("/lti/arrive/<token>")
def arrive(token: str):
    """Where the frame kept our cookie, on to the page; where it did not, a new tab."""
    ticket = handoff.peek(token)
    if ticket is None:
        return refused(_("This link has expired. Open the activity again from your course."))
    if current_user.is_authenticated and current_user.id == ticket.user_id:
        redeemed = handoff.redeem(token)
        return redirect(redeemed[1] if redeemed else url_for("learn.home"))
    return render_template("lti/open_in_tab.html", token=token)


@bp.get("/lti/handoff/<token>")
def take_handoff(token: str):
    """In a new tab: the one-time ticket signs the launched person in."""
    redeemed = handoff.redeem(token)
    if redeemed is None:
        return refused(_("This link has expired. Open the activity again from your course."))
    user, target, _origins = redeemed
    login_user(user)
    return redirect(target)


@bp.route("/lti/deep-link/<key>", methods=["GET", "POST"])
@role_required("teacher", "admin")
def deep_link(key: str):
    """The teacher picks what the LMS link opens; the answer goes back to the LMS."""
    request_data = deep_linking.pending(key)
    if request_data is None or request_data["user_id"] != current_user.id:
        abort(404)
    form = DeepLinkForm()
    form.activity.choices = [SelectChoice(value, title) for value, title in deep_linking.choices()]
    if not form.validate_on_submit():
        return form_page("lti/deep_link.html", form)
    title = dict(deep_linking.choices())[form.activity.data]
    jwt_value = deep_linking.response_jwt(request_data, form.activity.data, title)
    deep_linking.finish(key)
    return_url = request_data["settings"]["deep_link_return_url"]
    response = make_response(
        render_template("lti/deep_link_return.html", jwt=jwt_value, return_url=return_url)
    )
    response.headers["Content-Security-Policy"] = policy(
        session.get(FRAME_ORIGINS, []), [origin_of(return_url)]
    )
    return response


@bp.route("/admin/lti", methods=["GET", "POST"])
@role_required("admin")
def platforms():
    """Register an LMS; the values to give it in return."""
    form = PlatformForm()
    if saved(form, LtiPlatform()):
        flash(_("Platform registered."), "success")
        return redirect(url_for("lti.platforms"), 303)
    return form_page(
        "lti/platforms.html",
        form,
        platforms=registry.all_platforms(),
        signing_key=keys.current_key(),
        key_button=ButtonForm(),
        tool_urls=tool_urls(),
    )


@bp.route("/admin/lti/<int:platform_id>", methods=["GET", "POST"])
@role_required("admin")
def edit_platform(platform_id: int):
    """Correct a registered LMS's values (a mistyped URL, a new deployment)."""
    platform = db.get_or_404(LtiPlatform, platform_id)
    showing = request.method == "GET"
    form = PlatformForm(obj=platform if showing else None, platform_id=platform.id)
    if showing:
        form.deployment_ids.data = "\n".join(platform.deployment_ids)
    if saved(form, platform):
        flash(_("Platform saved."), "success")
        return redirect(url_for("lti.platforms"), 303)
    return form_page("lti/platform_edit.html", form, platform=platform)


def saved(form: PlatformForm, platform: LtiPlatform) -> bool:
    """The registration stored, or nothing stored and the page says so at its top (the
    marked fields may be far below, out of sight on a phone)."""
    if not form.is_submitted():
        return False
    if form.validate() and registry.save(platform, form.values()):
        return True
    if not form.errors:
        form.client_id.errors = [ALREADY_REGISTERED]
    flash(_("Nothing was saved. Fix the fields marked below."), "error")
    return False


@bp.post("/admin/lti/key")
@role_required("admin")
def rotate_key():
    """Make MythCheck's first signing key, or replace it after a confirmation (the old
    key stays published, as with `flask lti-keys rotate`)."""
    require_button()
    replacing = keys.current_key() is not None
    if replacing and not confirmed():
        return ask(rotation_question())
    keys.rotate()
    if replacing:
        flash(_("New signing key made. The old one stays published for a day."), "success")
    else:
        flash(_("Signing key made. The LMS can now launch MythCheck."), "success")
    return redirect(url_for("lti.platforms"), 303)


def rotation_question() -> Question:
    return Question(
        _("Replace MythCheck's signing key?"),
        _(
            "A new key signs from now on. The old one stays in the published key set for "
            "a day, so links and grades already on their way still check; the LMS needs "
            "no change."
        ),
        _("Replace the signing key"),
        url_for("lti.platforms"),
    )


def tool_urls() -> list[tuple[str, str]]:
    """What an admin enters in the LMS when adding MythCheck."""
    return [
        (_("Login (OIDC initiation) URL"), public_url("lti.login")),
        (_("Launch (redirect) URL"), public_url("lti.launch")),
        (_("Deep linking URL"), public_url("lti.launch")),
        (_("Public key set (JWKS) URL"), public_url("lti.key_set")),
    ]
