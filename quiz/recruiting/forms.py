"""Forms of the recruiting blueprint: positions, their review, invitations, consent, and the
pipeline pages (the filter, a note, a decision)."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from quiz.core.forms import SiteForm
from quiz.models.pipeline import NOTE_MAX
from quiz.models.recruiting import DEFAULT_INVITATION_DAYS, WEIGHTS
from quiz.recruiting.notes import DECISION_LABELS
from quiz.recruiting.pipeline import NO_DECISION, SORTS
from quiz.recruiting.positions import MODES, SENIORITIES
from quiz.recruiting.status import STATUSES

JD_MAX = 20_000
WEIGHT_LABELS = {"must": "Must have", "should": "Should have", "nice": "Nice to have"}


class ActionForm(SiteForm):
    """A button that changes something (CSRF only)."""


class SettingsForm(SiteForm):
    """How candidates take a position's assessment and what the recruiter may see."""

    title = StringField("Position title", validators=[DataRequired(), Length(max=120)])
    mode = SelectField(
        "Mode", choices=[SelectChoice(k, v) for k, v in MODES.items()], default="quick"
    )
    time_limit_minutes = IntegerField(
        "Time limit in minutes",
        validators=[Optional(), NumberRange(1, 600)],
        description="Empty: untimed.",
    )
    review_shown = BooleanField(
        "Show candidates the questions and answers after submitting (off: the bank stays "
        "private; candidates still get their report)",
        default=False,
    )
    answers_visible = BooleanField(
        "Recruiters may read each candidate's individual answers (only of candidates who "
        "agree to it)",
        default=False,
    )
    invitation_days = IntegerField(
        "Invitations expire after (days)",
        default=DEFAULT_INVITATION_DAYS,
        validators=[InputRequired(), NumberRange(1, 90)],
    )


class ProfilePositionForm(SettingsForm):
    """A position assessing a role profile as it is."""

    profile = SelectField("Role profile")  # the choices validate it


class JobDescriptionForm(SiteForm):
    """The pasted text of a job advert, to propose a profile from."""

    text = TextAreaField(
        "Job description",
        validators=[DataRequired()],
        description=f"Paste the whole advert (up to {JD_MAX:,} characters); headings such as "
        "'Requirements' and 'Nice to have' help weigh each skill.",
    )

    def validate_text(self, field: TextAreaField) -> None:
        """Refuse a text over the limit whole, naming the limit: nothing is cut silently."""
        length = len(field.data or "")
        if length > JD_MAX:
            raise ValidationError(
                f"The job description is {length:,} characters; the limit is {JD_MAX:,}. "
                "Nothing was cut: shorten it (keep the role, requirements and nice-to-have "
                "parts) and paste it again."
            )


class RequirementRow(Form):
    """One proposed requirement as the recruiter adjusts it."""

    id = HiddenField(validators=[DataRequired(), Length(max=64)])
    weight = SelectField("Weight", choices=[SelectChoice(w, WEIGHT_LABELS[w]) for w in WEIGHTS])
    target = IntegerField("Target level", validators=[InputRequired(), NumberRange(0, 100)])
    remove = BooleanField("Remove")


REQUIREMENTS_FORM = "requirements-form"  # the id of the form the add fields belong to


class AddRequirementMixin:
    """Fields to add a catalog requirement by title, with its weight and target. They are
    rendered after the form's Save button (joined to the form by its id), so pressing Enter in
    any other field saves rather than adds."""

    add_title = StringField(
        "Requirement to add",
        validators=[Optional(), Length(max=200)],
        description="Type part of its title and pick it from the catalog's list.",
        render_kw={"list": "catalog-titles", "autocomplete": "off", "form": REQUIREMENTS_FORM},
    )
    add_weight = SelectField(
        "Weight of the added requirement",
        choices=[SelectChoice(w, WEIGHT_LABELS[w]) for w in WEIGHTS],
        default="should",
        render_kw={"form": REQUIREMENTS_FORM},
    )
    add_target = IntegerField(
        "Target level of the added requirement",
        validators=[Optional(), NumberRange(0, 100)],
        description="0–100; empty: the usual target for its weight at this seniority.",
        render_kw={"form": REQUIREMENTS_FORM},
    )


class EditPositionForm(AddRequirementMixin, SiteForm):
    """A position's title, requirements, weights, targets, mode, time limit and expiry."""

    title = StringField("Position title", validators=[DataRequired(), Length(max=120)])
    mode = SelectField("Mode", choices=[SelectChoice(k, v) for k, v in MODES.items()])
    time_limit_minutes = IntegerField(
        "Time limit in minutes",
        validators=[Optional(), NumberRange(1, 600)],
        description="Empty: untimed.",
    )
    invitation_days = IntegerField(
        "Invitations expire after (days)", validators=[InputRequired(), NumberRange(1, 90)]
    )
    requirements = FieldList(FormField(RequirementRow), max_entries=200)


class ReviewForm(AddRequirementMixin, SettingsForm):
    """A job-description proposal under review, with the position's settings."""

    text = HiddenField(validators=[DataRequired(), Length(max=JD_MAX)])
    seniority = SelectField(
        "Seniority", choices=[SelectChoice(k, v) for k, v in SENIORITIES.items()]
    )
    requirements = FieldList(FormField(RequirementRow), max_entries=200)


class PasteForm(SiteForm):
    """Email addresses to invite, one per line or separated by commas."""

    emails = TextAreaField(
        "Email addresses",
        validators=[DataRequired(), Length(max=60_000)],
        description="One per line, or separated by commas.",
    )
    days = IntegerField("Expires after (days)", validators=[InputRequired(), NumberRange(1, 90)])


class CsvForm(SiteForm):
    """A CSV file with the header email,name."""

    file = FileField(
        "Candidates CSV",
        validators=[FileRequired("Choose a CSV file to upload.")],
        description="A header line email,name, then one candidate per line.",
    )
    days = IntegerField("Expires after (days)", validators=[InputRequired(), NumberRange(1, 90)])


class AttachForm(SiteForm):
    """The share link of a report the candidate already has."""

    url = StringField(
        "Share link of your report",
        validators=[DataRequired(), Length(max=500)],
        description="Create one on your report's page, then paste it here.",
    )


class PublicEntryForm(SiteForm):
    """Who takes a position through its public link, without an account."""

    name = StringField(
        "Your name",
        validators=[DataRequired(), Length(max=120)],
        render_kw={"autocomplete": "name"},
    )
    email = StringField(
        "Your email address",
        validators=[DataRequired(), Length(max=254)],
        description="The company sees it beside your results. Keep the next page's address: "
        "it is your link.",
        render_kw={"autocomplete": "email", "type": "email"},
    )

    def validate_email(self, field: StringField) -> None:
        """A syntactically valid address."""
        try:
            validate_email(field.data or "", check_deliverability=False)
        except EmailNotValidError as exc:
            raise ValidationError(f"Enter a valid email address: {exc}") from exc


class RetentionForm(SiteForm):
    """How long the organisation keeps candidate data."""

    retention_days = IntegerField(
        "Keep candidate data for (days)", validators=[InputRequired(), NumberRange(7, 3650)]
    )


class FilterForm(SiteForm):
    """Which candidates the pipeline shows and in what order; read from the query string."""

    class Meta:
        csrf = False

    status = SelectField(
        "Status",
        choices=[SelectChoice("", "Any status")]
        + [SelectChoice(k, v) for k, v in STATUSES.items()],
        default="",
    )
    decision = SelectField(
        "Decision",
        choices=[SelectChoice("", "Any decision"), SelectChoice(NO_DECISION, "No decision yet")]
        + [SelectChoice(k, v) for k, v in DECISION_LABELS.items()],
        default="",
    )
    sort = SelectField("Sort by", choices=[SelectChoice(s, s) for s in SORTS], default="name")
    dir = SelectField(
        "Order", choices=[SelectChoice("asc", "Ascending"), SelectChoice("desc", "Descending")]
    )


class NoteForm(SiteForm):
    """A note on a candidate."""

    body = TextAreaField(
        "Note",
        validators=[
            DataRequired(message="Write the note before adding it."),
            Length(max=NOTE_MAX, message=f"A note holds at most {NOTE_MAX} characters."),
        ],
    )


class DecisionForm(SiteForm):
    """The decision on a candidate."""

    decision = SelectField(
        "Decision",
        choices=[
            SelectChoice("", "No decision yet"),
            *(SelectChoice(k, v) for k, v in DECISION_LABELS.items()),
        ],
        validate_choice=True,
    )

    def validate_decision(self, field: SelectField) -> None:
        """A decision must be chosen; "No decision yet" only says none was made."""
        if not field.data:
            raise ValidationError("Choose a decision to save.")
