"""Form parts shared by the auth and account pages: choosing a new password."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

PASSWORD_MIN = 10


def new_password_field(label: str) -> PasswordField:
    """A new password: required, at least ``PASSWORD_MIN`` characters."""
    return PasswordField(
        label,
        validators=[DataRequired(), Length(min=PASSWORD_MIN, max=200)],
        description=f"At least {PASSWORD_MIN} characters.",
    )


class NewPasswordForm(FlaskForm):
    """A new password, typed twice."""

    password = new_password_field("New password")
    confirm = PasswordField(
        "New password again",
        validators=[DataRequired(), EqualTo("password", message="The two passwords differ.")],
    )
