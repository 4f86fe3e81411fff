"""Forms of the pipeline pages: the filter (GET, no CSRF), a note and a decision (POST)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from quiz.models.pipeline import NOTE_MAX
from quiz.recruiting.notes import DECISION_LABELS
from quiz.recruiting.pipeline import NO_DECISION, SORTS
from quiz.recruiting.status import STATUSES


class FilterForm(FlaskForm):  # type: ignore[misc]
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


class NoteForm(FlaskForm):  # type: ignore[misc]
    """A note on a candidate."""

    body = TextAreaField(
        "Note",
        validators=[
            DataRequired(message="Write the note before adding it."),
            Length(max=NOTE_MAX, message=f"A note holds at most {NOTE_MAX} characters."),
        ],
    )


class DecisionForm(FlaskForm):  # type: ignore[misc]
    """The decision on a candidate."""

    decision = SelectField(
        "Decision",
        choices=[SelectChoice(k, v) for k, v in DECISION_LABELS.items()],
        validate_choice=True,
    )
