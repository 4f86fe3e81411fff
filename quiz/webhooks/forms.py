"""Forms of the webhook settings pages."""

from __future__ import annotations

from flask import current_app
from wtforms import StringField
from wtforms.validators import DataRequired, Length, ValidationError

from quiz.core.forms import SiteForm
from quiz.security.inputs import InputError
from quiz.webhooks.manage import MAX_URL, check_url


class WebhookForm(SiteForm):
    """The URL to notify when an attempt is submitted."""

    url = StringField(
        "Endpoint URL",
        validators=[DataRequired(), Length(max=MAX_URL)],
        description="An HTTPS address of your server that accepts a JSON POST.",
    )

    def validate_url(self, field: StringField) -> None:
        """HTTPS only, except plain HTTP to this machine outside production."""
        allow = not current_app.config.get("PRODUCTION", False)
        try:
            field.data = check_url(field.data or "", allow_local_http=allow)
        except InputError as exc:
            raise ValidationError(str(exc)) from exc


class ActionForm(SiteForm):
    """A button that changes something (CSRF only)."""
