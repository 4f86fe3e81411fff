"""Forms of the account blueprint."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from quiz.accounts.forms import NewPasswordForm


class PasswordForm(NewPasswordForm):
    """The current password and a new one, typed twice."""

    current = PasswordField("Current password", validators=[DataRequired(), Length(max=200)])


class DeleteForm(FlaskForm):
    """Deleting needs the password and the word DELETE, so it is never an accident."""

    password = PasswordField("Your password", validators=[DataRequired(), Length(max=200)])
    confirm = StringField(
        "Type DELETE to confirm",
        validators=[DataRequired()],
        description="This cannot be undone.",
    )

    def validate_confirm(self, field: StringField) -> None:
        """Only the exact word confirms."""
        if (field.data or "").strip() != "DELETE":
            raise ValidationError("Type DELETE in capitals to confirm.")
