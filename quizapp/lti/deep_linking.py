"""Deep linking: from the LMS's "add external tool" dialog a teacher picks a lesson, the
myth check or a review, and it goes back to the LMS as an LTI resource link with its
title and a line item for the grade."""

from flask_babel import gettext as _
from pylti1p3.deep_link import DeepLink
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.lineitem import LineItem

from ..content.ids import MYTH_PROBE_QUIZ, PRE_QUIZ, QuizKind
from ..extensions import db
from ..models import Quiz
from ..templating import public_url
from .launch import ACTIVITY_PARAM
from .registry import as_registration, find_platform
from .storage import DatabaseStorage


def choices() -> list[tuple[str, str]]:
    """(activity id, title): every lesson in course order, the myth check, the review."""
    lessons = db.session.execute(
        db.select(Quiz.id, Quiz.title).filter_by(kind=QuizKind.LESSON).order_by(Quiz.position)
    ).all()
    return [
        *[(quiz_id, title) for quiz_id, title in lessons],
        (PRE_QUIZ, _("Myth check")),
        (MYTH_PROBE_QUIZ, _("Re-teach review: the myths each student still holds")),
    ]


def pending(key: str) -> dict | None:
    """The deep-linking request this key stands for, while it is fresh."""
    return DatabaseStorage().get_value(key) if key.startswith("deep-link-") else None


def response_jwt(request_data: dict, activity: str, title: str) -> str:
    """The signed LtiDeepLinkingResponse carrying one LtiResourceLink."""
    platform = find_platform(request_data["issuer"], request_data["client_id"])
    resource = (
        DeepLinkResource()
        .set_url(public_url("lti.launch"))
        .set_title(title)
        .set_custom_params({ACTIVITY_PARAM: activity})
        .set_lineitem(LineItem().set_score_maximum(100).set_label(title).set_resource_id(activity))
    )
    link = DeepLink(
        as_registration(platform), request_data["deployment_id"], request_data["settings"]
    )
    return link.get_response_jwt([resource])


def finish(key: str) -> None:
    """The request is answered: its key works no more."""
    DatabaseStorage().take(key)
