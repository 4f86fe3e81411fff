"""Forms of the accounts blueprint: sign-up, log-in, password reset and the account page
(password change, deletion, API tokens)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, time, timedelta
from typing import Any

from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    PasswordField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    widgets,
)
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError

from quiz.api.scopes import SCOPES
from quiz.api.tokens import EXPIRY_CHOICES, MAX_LIFETIME
from quiz.core.forms import SiteForm

PASSWORD_MIN = 10


def new_password_field(label: str) -> PasswordField:
    """A new password: required, at least ``PASSWORD_MIN`` characters."""
    return PasswordField(
        label,
        validators=[DataRequired(), Length(min=PASSWORD_MIN, max=200)],
        description=f"At least {PASSWORD_MIN} characters.",
    )


class NewPasswordForm(SiteForm):
    """A new password, typed twice."""

    password = new_password_field("New password")
    confirm = PasswordField(
        "New password again",
        validators=[DataRequired(), EqualTo("password", message="The two passwords differ.")],
    )


class SignupForm(SiteForm):
    """Name, email and a password; the account exists once the emailed link is opened."""

    name = StringField("Your name", validators=[DataRequired(), Length(max=120)])
    email = EmailField(
        "Email", validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)]
    )
    password = new_password_field("Password")
    next = HiddenField()


class LoginForm(SiteForm):
    """Email and password, with "remember me"."""

    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])
    remember = BooleanField("Remember me on this device for 30 days")
    next = HiddenField()


class ForgotForm(SiteForm):
    """The address to send a reset link to."""

    email = EmailField(
        "Email", validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)]
    )


class ResetForm(NewPasswordForm):
    """A new password, typed twice."""


class LogoutForm(SiteForm):
    """Log out (CSRF only: logging out is a POST)."""


class PasswordForm(NewPasswordForm):
    """The current password and a new one, typed twice."""

    current = PasswordField("Current password", validators=[DataRequired(), Length(max=200)])


class DeleteForm(SiteForm):
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


class TokenForm(SiteForm):
    """A new personal access token: a name, its scopes and when it expires."""

    name = StringField(
        "Token name",
        validators=[DataRequired(), Length(max=80)],
        description="What uses it, e.g. “Bootcamp platform sync”.",
    )
    scopes = SelectMultipleField(
        "Scopes",
        choices=[SelectChoice(scope, f"{scope}: {text}") for scope, text in SCOPES.items()],
        validators=[DataRequired(message="Choose at least one scope.")],
        widget=widgets.ListWidget(prefix_label=False),
        option_widget=widgets.CheckboxInput(),
    )
    expiry = SelectField(
        "Expires after",
        choices=[SelectChoice(value, f"{days} days") for value, days in EXPIRY_CHOICES.items()]
        + [SelectChoice("custom", "On a date I choose")],
        default="30",
    )
    expires_on = DateField(
        "Expiry date (for “On a date I choose”)",
        validators=[Optional()],
        description="At most a year from today.",
    )

    def expires_at(self, now: datetime) -> datetime:
        """When the token expires, from the choice (call after validation)."""
        if self.expiry.data == "custom" and self.expires_on.data is not None:
            return datetime.combine(self.expires_on.data, time(0, 0), tzinfo=UTC)
        return now + timedelta(days=EXPIRY_CHOICES.get(self.expiry.data or "", 30))

    def validate(self, extra_validators: Mapping[str, Sequence[Any]] | None = None) -> bool:
        """Also require the date when the expiry is custom (an empty date skips its checks)."""
        valid = bool(super().validate(extra_validators))
        field = self.expires_on
        if self.expiry.data == "custom" and field.data is None and not field.errors:
            field.errors = ["Choose the expiry date."]
            return False
        return valid

    def validate_expires_on(self, field: DateField) -> None:
        """A custom date comes after today and within a year."""
        if self.expiry.data != "custom" or field.data is None:
            return
        today = datetime.now(UTC).date()
        if not today < field.data <= today + MAX_LIFETIME - timedelta(days=1):
            raise ValidationError("Choose a date after today and at most a year away.")


class RevokeForm(SiteForm):
    """Revoking a token is a button: only the CSRF token is posted."""


class ClaimForm(SiteForm):
    """Which attempts opened here from a resume link the person took themselves."""

    attempts = SelectMultipleField(
        "Attempts I took",
        choices=[],
        validate_choice=True,
        invalid_choice_message="Choose among the attempts listed here.",
        widget=widgets.ListWidget(prefix_label=False),
        option_widget=widgets.CheckboxInput(),
    )
    add = SubmitField("Add the ones I ticked to my account")
    none = SubmitField("None of these are mine")
