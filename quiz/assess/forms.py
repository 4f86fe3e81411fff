"""Forms of the assess blueprint. Answer fields depend on the item type and are read by the
type registry; the forms here carry the CSRF token and the fixed fields."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, SelectField, StringField
from wtforms.validators import InputRequired, Length

from quiz.assess.qualifications import DEGREES, EXPERIENCE


class StartForm(FlaskForm):
    """Choose the target role; optionally declare qualifications (never scored)."""

    profile = RadioField("Target role", validators=[InputRequired("Choose a target role.")])
    degree = SelectField(
        "Highest degree", choices=[SelectChoice(v, label) for v, label in DEGREES], default=""
    )
    certifications = StringField(
        "Certifications",
        validators=[Length(max=200, message="Keep certifications under 200 characters.")],
    )
    experience = SelectField(
        "Professional software experience",
        choices=[SelectChoice(v, label) for v, label in EXPERIENCE],
        default="",
    )


class AnswerForm(FlaskForm):
    """Carries the CSRF token of a question page; answers are parsed by the question type."""


class SubmitForm(FlaskForm):
    """Confirm submission of an attempt."""
