"""Pages reached by a launch may be framed by the registered platforms, and no one
else: the launch leaves the platforms' origins in the session, and every later page
of that session names them in its CSP's frame-ancestors."""

from urllib.parse import urlsplit

from flask import session

from ..security import CSP
from . import bp

FRAME_ORIGINS = "lti_frame_origins"


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def policy(frame_origins: list[str], form_targets: list[str] = ()) -> str:
    """Our CSP, with these origins allowed to frame the page and these to receive a form."""
    csp = CSP
    if frame_origins:
        csp = csp.replace("frame-ancestors 'none'", "frame-ancestors " + " ".join(frame_origins))
    if form_targets:
        csp = csp.replace("form-action 'self'", "form-action 'self' " + " ".join(form_targets))
    return csp


@bp.after_app_request
def allow_platform_frames(response):
    origins = session.get(FRAME_ORIGINS)
    if origins and "Content-Security-Policy" not in response.headers:
        response.headers["Content-Security-Policy"] = policy(origins)
    return response
