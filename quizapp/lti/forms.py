"""The admin's platform registration, the teacher's deep-link pick and grade setting."""

from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from ..extensions import db
from .models import LtiPlatform


def web_address(form, field) -> None:
    """An https address (http only outside production, for a test LMS on this machine)."""
    parts = urlsplit(field.data or "")
    allowed = ("https",) if current_app.config["IS_PRODUCTION"] else ("https", "http")
    if parts.scheme not in allowed or not parts.netloc:
        raise ValidationError(_l("Enter a full web address starting with https://."))


ALREADY_REGISTERED = _l("This issuer and client ID are already registered.")


def deployment_list(text: str) -> list[str]:
    return [line.strip() for line in (text or "").replace(",", "\n").splitlines() if line.strip()]


class PlatformForm(FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(), Length(max=80)],
        description=_l("For you, e.g. “District Canvas”."),
    )
    issuer = StringField(
        _l("Issuer"),
        validators=[DataRequired(), Length(max=255), web_address],
        description=_l("The platform's issuer (iss), e.g. https://canvas.instructure.com."),
    )
    client_id = StringField(
        _l("Client ID"),
        validators=[DataRequired(), Length(max=255)],
        description=_l("The ID the platform gave MythCheck when you added it."),
    )
    deployment_ids = TextAreaField(
        _l("Deployment IDs"),
        validators=[DataRequired()],
        description=_l("One a line (or separated by commas)."),
    )
    login_url = StringField(
        _l("Login URL"),
        validators=[DataRequired(), Length(max=500), web_address],
        description=_l("The platform's OIDC authorization endpoint."),
    )
    token_url = StringField(
        _l("Token URL"),
        validators=[DataRequired(), Length(max=500), web_address],
        description=_l("The platform's OAuth 2 access token endpoint."),
    )
    key_set_url = StringField(
        _l("Key set URL"),
        validators=[DataRequired(), Length(max=500), web_address],
        description=_l("The platform's public keys (JWKS)."),
    )
    submit = SubmitField(_l("Register platform"))

    def __init__(self, *args, platform_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.platform_id = platform_id

    def validate_deployment_ids(self, field) -> None:
        ids = deployment_list(field.data)
        if not ids or any(len(one) > 255 for one in ids):
            raise ValidationError(
                _l("Enter at least one deployment ID of 255 characters or fewer.")
            )

    def validate_client_id(self, field) -> None:
        taken = db.session.execute(
            db.select(LtiPlatform.id)
            .filter_by(issuer=(self.issuer.data or "").strip(), client_id=field.data.strip())
            .where(LtiPlatform.id != self.platform_id if self.platform_id else sa.true())
        ).first()
        if taken:
            raise ValidationError(ALREADY_REGISTERED)

    def values(self) -> dict:
        return {
            "name": self.name.data.strip(),
            "issuer": self.issuer.data.strip(),
            "client_id": self.client_id.data.strip(),
            "deployment_ids": deployment_list(self.deployment_ids.data),
            "login_url": self.login_url.data.strip(),
            "token_url": self.token_url.data.strip(),
            "key_set_url": self.key_set_url.data.strip(),
        }


class DeepLinkForm(FlaskForm):
    activity = RadioField(_l("What should this link open?"), validators=[DataRequired()])
    submit = SubmitField(_l("Add to the course"))


class GradeSettingsForm(FlaskForm):
    certainty_as = RadioField(
        _l("Send the certainty score"),
        choices=[
            SelectChoice("comment", _l("as a comment on the score")),
            SelectChoice("line_item", _l("as a second gradebook column")),
        ],
        validators=[DataRequired()],
    )
    submit = SubmitField(_l("Save"))
