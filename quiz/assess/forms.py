"""Forms of the assess blueprint. Answer fields depend on the item type and are read by the
type registry; the forms here carry the CSRF token and the fixed fields."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.validators import InputRequired


class StartForm(FlaskForm):
    """Choose the target role."""

    profile = RadioField("Target role", validators=[InputRequired("Choose a target role.")])


class AnswerForm(FlaskForm):
    """Carries the CSRF token of a question page; answers are parsed by the question type."""


class SubmitForm(FlaskForm):
    """Confirm submission of an attempt."""
