"""Forms of the reports blueprint."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField

from quiz.reports.sharing import EXPIRY_CHOICES


class ShareForm(FlaskForm):
    """Create a share link to a report."""

    expiry = SelectField(
        "Link expires after",
        choices=[SelectChoice(v, label) for v, label in EXPIRY_CHOICES],
        default="30",
    )


class RevokeForm(FlaskForm):
    """Revoke a share link (CSRF only)."""
