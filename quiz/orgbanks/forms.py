"""Forms of the authoring blueprint: upload, confirmation and the item editor."""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired, FileSize
from wtforms import (
    BooleanField,
    HiddenField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import URL, DataRequired, Length, Optional

from quiz.bank import Content
from quiz.bank.editing import FIELDS, TEXT_FORMATS, TYPES
from quiz.bank.formats import IMPORT_FORMATS, TITLES
from quiz.core.forms import SiteForm
from quiz.orgbanks.upload import MAX_UPLOAD_BYTES

_DIFFICULTIES = [
    SelectChoice("1", "1 (easy)"),
    SelectChoice("2", "2"),
    SelectChoice("3", "3 (hard)"),
]


def _catalog_choices(content: Content) -> tuple[list[SelectChoice], list[SelectChoice]]:
    areas = [SelectChoice(a.id, a.title) for a in content.areas.values()]
    scored = [r for r in content.requirements.values() if not r.self_declared]
    return areas, [SelectChoice(r.id, f"{r.title} ({r.id})") for r in scored]


class UploadForm(SiteForm):
    """A GIFT, Moodle XML or Aiken file and the defaults for what the file does not say."""

    file = FileField(
        "Question file",
        validators=[
            FileRequired("Choose a GIFT, Moodle XML or Aiken file."),
            FileSize(MAX_UPLOAD_BYTES, message=f"At most {MAX_UPLOAD_BYTES // 1024} KB."),
        ],
        description=f"GIFT, Moodle XML or Aiken, UTF-8, at most {MAX_UPLOAD_BYTES // 1024} KB.",
    )
    fmt = SelectField("Format", choices=[SelectChoice(f, TITLES[f]) for f in IMPORT_FORMATS])
    area = SelectField("Area")
    requirement = SelectField(
        "Requirement",
        description="For questions without a 'requirement:' tag.",
    )
    difficulty = SelectField(
        "Difficulty",
        choices=[SelectChoice("", "From the file (else 2)"), *_DIFFICULTIES],
        validators=[Optional()],
    )
    reference = StringField(
        "Reference URL",
        validators=[Optional(), URL(message="An http(s) address."), Length(max=500)],
        description="For questions whose feedback has no 'Reference: https://…' line.",
    )

    def fill(self, content: Content) -> UploadForm:
        """Set the area and requirement choices from the catalog."""
        self.area.choices, self.requirement.choices = _catalog_choices(content)
        return self


class ConfirmForm(SiteForm):
    """The dry run's file and settings, sent back to save the items."""

    payload = HiddenField(validators=[DataRequired()])
    fmt = HiddenField(validators=[DataRequired()])
    area = HiddenField(validators=[DataRequired()])
    requirement = HiddenField(validators=[DataRequired()])
    difficulty = HiddenField()
    reference = HiddenField()


class ItemForm(SiteForm):
    """Every field of an item; ``quiz.bank.editing`` says what each means per type."""

    id = StringField(
        "Item id",
        validators=[Length(max=64)],
        description="Lower-case letters, digits and hyphens, e.g. sql-window-01.",
    )
    area = SelectField("Area")
    type = SelectField("Question type", choices=[SelectChoice(k, v) for k, v in TYPES.items()])
    stem = TextAreaField("Question", validators=[Length(max=8000)], render_kw={"rows": 3})
    text_format = SelectField(
        "Text format of the question and explanation",
        choices=[SelectChoice(k, v) for k, v in TEXT_FORMATS.items()],
        default="plain",
        description="HTML keeps lists, tables and emphasis; scripts, styles and images are "
        "removed.",
    )
    code_language = StringField(
        "Code language", validators=[Length(max=32)], description="For example python or sql."
    )
    code = TextAreaField(
        "Code (optional; required for code reading)",
        validators=[Length(max=8000)],
        render_kw={"rows": 6},
    )
    code_output = TextAreaField(
        "What the code prints (optional)",
        validators=[Length(max=4000)],
        render_kw={"rows": 2},
        description="The exact output of running the code, for a 'what does this print' item.",
    )
    options = TextAreaField(
        "Options, one per line",
        validators=[Length(max=8000)],
        render_kw={"rows": 6},
        description="Options get the letters A, B, C… in this order. Situational judgment: "
        "write each line as 'credit | option | rationale', credit from 0 to 1.",
    )
    answer = StringField(
        "Answer",
        validators=[Length(max=1000)],
        description="Single choice: a letter (B). Multiple select: letters (A, C). True/false: "
        "true or false. Ordering: the letters in order (C, A, D, B). Short answer: accepted "
        "answers separated by | (or leave empty and give a number key).",
    )
    numeric = StringField(
        "Number key (short answer)",
        validators=[Length(max=100)],
        description="For a numeric short answer: a number such as 42, or 42 ± 0.5.",
    )
    case_sensitive = BooleanField("Accepted answers are case-sensitive (short answer)")
    explanation = TextAreaField(
        "Explanation (optional)",
        validators=[Length(max=8000)],
        render_kw={"rows": 4},
        description="Shown with the correct answer on the review page.",
    )
    difficulty = SelectField("Difficulty", choices=_DIFFICULTIES, default="2")
    requirements = SelectMultipleField(
        "Requirements", description="Hold Ctrl or Cmd to choose several."
    )
    reference = StringField("Reference URL (optional)", validators=[Length(max=500)])

    def fill(self, content: Content) -> ItemForm:
        """Set the area and requirement choices from the catalog."""
        self.area.choices, self.requirements.choices = _catalog_choices(content)
        return self

    def values(self) -> dict[str, object]:
        """The fields as ``quiz.bank.editing`` reads them."""
        return {name: getattr(self, name).data for name in ("id", *FIELDS)}
