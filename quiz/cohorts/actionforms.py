"""Forms of the staff actions on a class: confirmation pages (the button sends ``confirm``),
deleting an assignment, reminders, roles, merging roster entries and feedback."""

from __future__ import annotations

from wtforms import BooleanField, HiddenField, RadioField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import Length

from quiz.core.forms import SiteForm
from quiz.models.orgs import ROLES


class RoleForm(SiteForm):
    """A member's new role."""

    role = SelectField("Role", choices=[SelectChoice(k, v) for k, v in ROLES.items()])


class MergeForm(SiteForm):
    """The other roster entry of the same person."""

    other = SelectField("The same person's other entry", coerce=int, validate_choice=True)
    confirm = HiddenField()


class ConfirmForm(SiteForm):
    """A confirmation page's button: ``confirm`` is set only by pressing it."""

    confirm = HiddenField()  # the template writes value="yes" into the button's form

    def confirmed(self) -> bool:
        """The button was pressed (valid CSRF and the confirm field sent)."""
        return bool(self.validate_on_submit()) and self.confirm.data == "yes"


class DeleteAssignmentForm(ConfirmForm):
    """Delete an assignment, optionally with its attempts."""

    remove_attempts = BooleanField(
        "Also delete every attempt made under it, submitted ones included (students lose them "
        "from their history)"
    )


class ReminderForm(ConfirmForm):
    """Which students to remind."""

    group = RadioField(
        "Remind the students",
        choices=[
            SelectChoice("not-started", "who have not started"),
            SelectChoice("not-submitted", "who have not submitted (not started or in progress)"),
        ],
        default="not-started",
    )


class FeedbackForm(SiteForm):
    """An instructor's comment on a student's attempt."""

    text = TextAreaField(
        "Feedback for the student",
        validators=[Length(max=4000, message="Keep the feedback under 4,000 characters.")],
        description="The student reads it on their report. Empty: no feedback.",
    )
