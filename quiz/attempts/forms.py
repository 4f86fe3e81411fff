"""Forms of the assess blueprint. Answer fields depend on the item type and are read by the
type registry; the forms here carry the CSRF token and the fixed fields."""

from __future__ import annotations

from typing import Any

from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    widgets,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from quiz.attempts.modes import CUSTOM_MAX, CUSTOM_MIN, EXTRA_TIME, MODES
from quiz.attempts.qualifications import DEGREES, EXPERIENCE
from quiz.core.forms import SiteForm


def _choices(pairs: list[tuple[str, str]]) -> list[SelectChoice]:
    return [SelectChoice(v, label) for v, label in pairs]


class StartForm(SiteForm):
    """Choose the target role and the mode; optionally declare qualifications. A custom quiz
    draws from chosen areas and/or chosen requirements (say, a report's top gaps)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.role_requirements: dict[str, frozenset[str]] = {}  # the view sets each role's

    profile = RadioField("Target role", validators=[InputRequired("Choose a target role.")])
    mode = RadioField(
        "Mode",
        choices=_choices([(m.id, m.title) for m in MODES.values()]),
        default="quick",
        validators=[Optional()],  # missing means the default, a quick check
    )
    areas = SelectMultipleField(
        "Areas",
        widget=widgets.ListWidget(prefix_label=False),
        option_widget=widgets.CheckboxInput(),
    )
    requirements = SelectMultipleField(
        "Requirements",
        widget=widgets.ListWidget(prefix_label=False),
        option_widget=widgets.CheckboxInput(),
    )
    length = IntegerField(
        "Number of questions",
        default=20,
        validators=[
            Optional(),
            NumberRange(
                CUSTOM_MIN, CUSTOM_MAX, f"Choose between {CUSTOM_MIN} and {CUSTOM_MAX} questions."
            ),
        ],
    )
    timed = BooleanField("Time me", default=True)
    extra_time = SelectField(
        "Extra time (accommodation)", choices=_choices(EXTRA_TIME), default="1"
    )
    degree = SelectField("Highest degree", choices=_choices(DEGREES), default="")
    certifications = StringField(
        "Certifications",
        validators=[Length(max=200, message="Keep certifications under 200 characters.")],
    )
    experience = SelectField(
        "Professional software experience", choices=_choices(EXPERIENCE), default=""
    )
    # The candidate's stack: choices are the members of the profiles' any-of groups.
    language = SelectField("Your server-side language", default="")
    framework = SelectField("Your web framework", default="")

    def validate_areas(self, field: Any) -> None:
        """Custom mode needs at least one area or requirement."""
        if self.mode.data == "custom" and not field.data and not self.requirements.data:
            raise ValidationError("Choose at least one area or requirement for a custom quiz.")

    def validate_requirements(self, field: Any) -> None:
        """Targeted requirements must belong to the chosen role."""
        profile = self.profile.data
        weighed = self.role_requirements.get(profile, frozenset()) if profile else frozenset()
        stray = [r for r in field.data or [] if r not in weighed]
        if self.mode.data == "custom" and stray and profile in self.role_requirements:
            raise ValidationError(f"Not a requirement of the chosen role: {', '.join(stray)}.")

    def validate_length(self, field: Any) -> None:
        """Custom mode needs a length."""
        if self.mode.data == "custom" and field.data is None:
            raise ValidationError(f"Choose between {CUSTOM_MIN} and {CUSTOM_MAX} questions.")


class AboutForm(SiteForm):
    """Optional self-rating per area; fields are added per attempt (``confidence-<area>``)."""


class AnswerForm(SiteForm):
    """Carries the CSRF token of a question page; answers are parsed by the question type."""


class SubmitForm(SiteForm):
    """Confirm submission of an attempt."""


class ResumeLinkForm(SiteForm):
    """Make a new link to continue the quiz elsewhere (CSRF only)."""
