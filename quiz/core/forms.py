"""The base of every form: Flask-WTF's (CSRF on), refusing control characters in one-line fields.

A line break or another control character typed or pasted into a name, a title or an email is
never wanted, and some reach mail headers (an organisation's or cohort's name in a subject):
every single-line text field a person types into (any ``StringField`` but a ``TextAreaField``
or a ``HiddenField``, which carries the app's own data back, such as a pasted job description
under review) refuses them with a message, so nothing is saved. Multi-line fields keep their
line breaks.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField

# C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
ONE_LINE = "Use one line of plain text: line breaks and control characters are not allowed."


def single_line(field: Any) -> bool:
    """True for a text field a person types one line into."""
    return isinstance(field, StringField) and not isinstance(field, TextAreaField | HiddenField)


class SiteForm(FlaskForm):
    """Flask-WTF's form, also refusing control characters in every single-line field."""

    def validate(self, extra_validators: Mapping[str, Sequence[Any]] | None = None) -> bool:
        """The fields' own validators, then the one-line rule."""
        valid = bool(super().validate(extra_validators))
        for field in self:
            if single_line(field) and isinstance(field.data, str) and CONTROL.search(field.data):
                field.errors = [*field.errors, ONE_LINE]
                valid = False
        return valid
