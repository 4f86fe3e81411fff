"""Forms of the auth blueprint."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, Length

from quiz.accounts.forms import NewPasswordForm, new_password_field


class SignupForm(FlaskForm):
    """Name, email and a password; the account exists once the emailed link is opened."""

    name = StringField("Your name", validators=[DataRequired(), Length(max=120)])
    email = EmailField(
        "Email", validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)]
    )
    password = new_password_field("Password")
    next = HiddenField()


class LoginForm(FlaskForm):
    """Email and password, with "remember me"."""

    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])
    remember = BooleanField("Remember me on this device for 30 days")
    next = HiddenField()


class ForgotForm(FlaskForm):
    """The address to send a reset link to."""

    email = EmailField(
        "Email", validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)]
    )


class ResetForm(NewPasswordForm):
    """A new password, typed twice."""


class LogoutForm(FlaskForm):
    """Log out (CSRF only: logging out is a POST)."""
