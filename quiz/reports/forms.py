"""Forms of the reports blueprint."""

from __future__ import annotations

import functools

from markupsafe import Markup
from wtforms import SelectChoice, SelectField

from quiz.core.forms import SiteForm
from quiz.reports.sharing import EXPIRY_CHOICES


class ShareForm(SiteForm):
    """Create a share link to a report."""

    expiry = SelectField(
        "Link expires after",
        choices=[SelectChoice(v, label) for v, label in EXPIRY_CHOICES],
        default="30",
    )


class RevokeForm(SiteForm):
    """Revoke a share link (CSRF only)."""


@functools.cache
def share_expiry_html() -> Markup:
    """The share form's expiry label and select as a fresh ``ShareForm`` renders them.

    They never vary (fixed choices, the default selected), so the report page renders them
    once per process instead of building both forms on every view; the page adds the
    request's CSRF token itself. Needs a request context the first time.
    """
    field = ShareForm(formdata=None, meta={"csrf": False}).expiry
    return Markup(f"{field.label} {field()}")
