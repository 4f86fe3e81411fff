"""Forms of the cohorts blueprint."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    EmailField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from quiz.attempts.modes import CUSTOM_MAX, CUSTOM_MIN, EXTRA_TIME, MODES
from quiz.cohorts import zones
from quiz.cohorts.assignments import Settings
from quiz.core.forms import SiteForm
from quiz.models.orgs import KINDS, ROLES
from quiz.orgbanks.sources import SOURCES


class OrganisationForm(SiteForm):
    """Name and kind of a new organisation."""

    name = StringField("Organisation name", validators=[DataRequired(), Length(max=120)])
    kind = SelectField(
        "Kind", choices=[SelectChoice(k, v) for k, v in KINDS.items()], default="bootcamp"
    )


class MemberForm(SiteForm):
    """Invite someone by email to a role in the organisation."""

    email = EmailField(
        "Email",
        validators=[DataRequired(), Length(max=254), Email("Enter an email address.")],
        description="They get a link; the role applies once they accept it, with a new or "
        "an existing account.",
    )
    role = SelectField(
        "Role", choices=[SelectChoice(k, v) for k, v in ROLES.items()], default="instructor"
    )


class CohortForm(SiteForm):
    """Name of a new cohort."""

    name = StringField("Cohort name", validators=[DataRequired(), Length(max=120)])


class RosterForm(SiteForm):
    """A CSV file with the columns email and name."""

    roster = FileField(
        "Roster CSV",
        validators=[FileRequired("Choose a CSV file to upload.")],
        description="One student per line: email,name. A header line is optional.",
    )


class JoinForm(SiteForm):
    """A cohort's join code."""

    code = StringField("Join code", validators=[DataRequired(), Length(max=32)])


class ExtraTimeForm(SiteForm):
    """Extra time for one student on one assignment."""

    extra_time = SelectField(
        "Extra time", choices=[SelectChoice(k, v) for k, v in EXTRA_TIME], default="1"
    )


# Shown as the browser's datetime-local value; read also with seconds or a space.
MINUTE_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


class ZonedForm(SiteForm):
    """A form whose dates are entered in the organisation's time zone (``in_zone``)."""

    zone = "UTC"
    ZONED: tuple[str, ...] = ()  # the date fields, labelled "<label> (<zone>)"

    def in_zone(self, zone: str) -> ZonedForm:
        """Read and label the form's dates in ``zone``; returns the form."""
        self.zone = zone
        for name in self.ZONED:
            field = getattr(self, name)
            field.label.text = f"{field.label.text.split(' (')[0]} ({zone})"
        return self

    def utc(self, value: datetime | None) -> datetime | None:
        """A form datetime (entered in the form's zone) as an aware UTC datetime."""
        return zones.to_utc(value, self.zone)


class AssignmentForm(ZonedForm):
    """The settings of an assignment."""

    ZONED = ("opens_at", "due_at")

    title = StringField("Title", validators=[DataRequired(), Length(max=120)])
    profile = SelectField("Target role")  # checked against its choices
    mode = SelectField(
        "Mode",
        choices=[SelectChoice(m.id, m.title) for m in MODES.values()],
        default="quick",
        description=" ".join(f"{m.title}: {m.description}" for m in MODES.values()),
    )
    fixed_form = BooleanField(
        "Same questions for everyone (recommended where item analysis matters)",
        description="Drawn once for the assignment; each student still gets them in their "
        "own order. Otherwise each student draws their own questions.",
    )
    source = SelectField(
        "Questions from",
        choices=[SelectChoice(k, v) for k, v in SOURCES.items()],
        default="ours",
        description="The organisation's banks are on its page, under Question banks.",
    )
    areas = SelectMultipleField(
        "Areas (custom mode)", description="Hold Ctrl or Cmd to choose several."
    )
    length = IntegerField(
        "Questions (custom mode)",
        validators=[Optional(), NumberRange(CUSTOM_MIN, CUSTOM_MAX)],
        description=f"Between {CUSTOM_MIN} and {CUSTOM_MAX}.",
    )
    opens_at = DateTimeLocalField(
        "Opens (UTC)",
        format=MINUTE_FORMATS,
        validators=[Optional()],
        description="Empty: opens now.",
    )
    due_at = DateTimeLocalField(
        "Due (UTC)",
        format=MINUTE_FORMATS,
        validators=[Optional()],
        description="Empty: no due date.",
    )
    attempt_limit = IntegerField(
        "Attempts allowed", default=1, validators=[InputRequired(), NumberRange(1, 20)]
    )
    time_limit_minutes = IntegerField(
        "Time limit in minutes",
        validators=[Optional(), NumberRange(1, 600)],
        description="Empty: untimed.",
    )
    review_allowed = BooleanField(
        "Show students the questions and answers after submitting", default=True
    )
    late_allowed = BooleanField("Accept late submissions (marked late)", default=True)
    confirm_past = BooleanField("Yes, the due date is in the past on purpose")

    def validate_due_at(self, field: DateTimeLocalField) -> None:
        """The due date comes after the opening."""
        opens, due = self.utc(self.opens_at.data), self.utc(field.data)
        if opens and due and due < opens:
            raise ValidationError("The due date must be after the opening date.")

    def past_due(self, previous: datetime | None = None) -> bool:
        """The due date entered is in the past (and differs from ``previous``)."""
        due = self.utc(self.due_at.data)
        same = previous is not None and due == previous.replace(second=0, microsecond=0)
        return due is not None and due < datetime.now(UTC) and not same

    def validate_areas(self, field: SelectMultipleField) -> None:
        """Custom mode needs at least one area."""
        if self.mode.data == "custom" and not field.data:
            raise ValidationError("Choose at least one area for a custom assignment.")

    def validate_length(self, field: IntegerField) -> None:
        """Custom mode needs a length."""
        if self.mode.data == "custom" and not field.data:
            raise ValidationError(f"Give a number of questions ({CUSTOM_MIN}–{CUSTOM_MAX}).")

    def settings(self, opens_default: datetime) -> Settings:
        """The assignment settings entered; without an opening date, ``opens_default`` (or
        the due date, when that is earlier: an assignment set after its due date)."""
        custom = self.mode.data == "custom"
        due = self.utc(self.due_at.data)
        return Settings(
            title=self.title.data.strip(),
            profile_id=self.profile.data,
            mode=self.mode.data,
            areas=list(self.areas.data) if custom else None,
            length=self.length.data if custom else None,
            opens_at=self.utc(self.opens_at.data) or min(opens_default, due or opens_default),
            due_at=self.utc(self.due_at.data),
            attempt_limit=self.attempt_limit.data,
            time_limit_minutes=self.time_limit_minutes.data or None,
            review_allowed=bool(self.review_allowed.data),
            late_allowed=bool(self.late_allowed.data),
            source=self.source.data,
            fixed_form=bool(self.fixed_form.data),
        )


class ActionForm(SiteForm):
    """A button that changes something (CSRF only)."""


class TermsForm(ZonedForm):
    """One student's own due date and extra attempts on an assignment."""

    ZONED = ("due_at",)

    due_at = DateTimeLocalField(
        "Their due date (UTC)",
        format=MINUTE_FORMATS,
        validators=[Optional()],
        description="Empty: the class's due date.",
    )
    extra_attempts = IntegerField(
        "Extra attempts",
        default=0,
        validators=[
            InputRequired("Give a number of extra attempts (0 for none)."),
            NumberRange(0, 10),
        ],
    )

    def validate_due_at(self, field: DateTimeLocalField) -> None:
        """A student's own due date lies ahead."""
        due = self.utc(field.data)
        if due is not None and due <= datetime.now(UTC):
            raise ValidationError("Their due date must be in the future.")


class ZoneForm(SiteForm):
    """The organisation's time zone."""

    time_zone = SelectField(
        "Time zone",
        description="Dates are entered and shown in it (and stored in UTC).",
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.time_zone.choices = [SelectChoice(z, z) for z in zones.zones()]
