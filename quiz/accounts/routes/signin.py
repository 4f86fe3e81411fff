"""Sign-in views: sign up (confirmed by email), log in, log out, password reset."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import (
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response as WerkzeugResponse
from wtforms import SelectChoice

from quiz.accounts import backoff, lifecycle, reset, sessions
from quiz.accounts.forms import (
    ClaimForm,
    ForgotForm,
    LoginForm,
    LogoutForm,
    ResetForm,
    SignupForm,
)
from quiz.accounts.routes import bp
from quiz.attempts.taking import attempt_content
from quiz.core.access import login_required
from quiz.core.errors import duration
from quiz.extensions import db
from quiz.models import Attempt, Cohort, User
from quiz.security.limits import rate_limited

Page = str | WerkzeugResponse | tuple[str, int]
CHECK_INBOX = (
    "Check your inbox: we sent a message to {email}. It tells you how to continue. "
    "If nothing arrives within a few minutes, check the spam folder."
)
LOCKED = (
    "Too many failed log-ins for this email. Wait {wait} and try again, or reset your password."
)
RESET_SENT = (
    "If {email} has an account, a link to reset the password is on its way. "
    "It works once and expires in {minutes} minutes."
)


def safe_next(target: str | None) -> str | None:
    """``target`` when it is a path on this site; None for anything else (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc and "\\" not in target else None


def _signed_in(user: User, remember: bool, next_url: str | None) -> WerkzeugResponse:
    """Sign in, claim the attempts started in this browser, and go on: to ``next_url`` (or the
    home page), or first to the page that asks about attempts opened from a resume link."""
    sessions.start(user, remember=remember)
    login_user(user, remember=remember)
    claimed = lifecycle.claim_browser_attempts(user)
    if claimed:
        flash(f"{claimed} attempt(s) taken in this browser are now saved to your account.")
    target = safe_next(next_url) or url_for("cohorts.home")
    if lifecycle.unconfirmed_attempts():
        return redirect(url_for("accounts.claim", next=target))
    return redirect(target)


@bp.route("/account/claim", methods=["GET", "POST"])
@login_required
def claim() -> Page:
    """Attempts opened in this browser from a resume link join the account only when the
    person says they took them (a resume link can be sent by someone else)."""
    pending = lifecycle.unconfirmed_attempts()
    target = safe_next(request.args.get("next")) or url_for("cohorts.home")
    if not pending:
        return redirect(target)
    form = ClaimForm()
    form.attempts.choices = [SelectChoice(a.token, _described(a)) for a in pending]
    if form.validate_on_submit():
        chosen = form.attempts.data or [] if form.add.data else []
        claimed = lifecycle.claim_resumed(current_user, chosen)
        flash(
            f"{claimed} attempt(s) are now saved to your account."
            if claimed
            else "Nothing was added to your account."
        )
        return redirect(target)
    return render_template("accounts/claim.html", form=form), (400 if form.errors else 200)


def _described(attempt: Attempt) -> str:
    """An attempt as the claim page names it: role, start, progress."""
    profile = attempt_content(attempt).profiles.get(attempt.profile_id)
    title = profile.title if profile else attempt.profile_id
    state = "submitted" if attempt.is_submitted else "in progress"
    answered = f"{len(attempt.responses)} of {len(attempt.item_ids)} answered"
    started = attempt.started_at.strftime("%Y-%m-%d %H:%M UTC")
    return f"{title}, started {started}: {answered}, {state}"


_JOIN_PATH = re.compile(r"^/join/([A-Za-z0-9 ]{1,32})$")


def _signup_join_code() -> str | None:
    """The join code of an open cohort the sign-up form is joining (its ``next`` is the
    class's join link), else None: such sign-ups are limited per join code, not per address."""
    found = _JOIN_PATH.match(request.form.get("next", ""))
    if found is None:
        return None
    code = found.group(1).replace(" ", "").upper()
    return db.session.scalar(
        sa.select(Cohort.join_code).where(Cohort.join_code == code, Cohort.archived_at.is_(None))
    )


def _joining_a_class() -> bool:
    return _signup_join_code() is not None


def _per_join_code() -> str:
    return f"join:{_signup_join_code()}"


@bp.route("/signup", methods=["GET", "POST"])
@rate_limited("signup_ceiling", methods=["POST"])
@rate_limited("signup", methods=["POST"], exempt_when=_joining_a_class)
@rate_limited(
    "class_signup",
    key=_per_join_code,
    methods=["POST"],
    exempt_when=lambda: not _joining_a_class(),
)
def signup() -> Page:
    """Create an account: the emailed link confirms the address and signs in."""
    form = SignupForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        lifecycle.request_signup(
            form.name.data, form.email.data, form.password.data, safe_next(form.next.data)
        )
        return render_template(
            "accounts/check_inbox.html", message=CHECK_INBOX.format(email=form.email.data)
        )
    return render_template("accounts/signup.html", form=form), (400 if form.errors else 200)


@bp.route("/signup/confirm/<token>")
def confirm(token: str) -> WerkzeugResponse:
    """Open the emailed link: the account is created and signed in."""
    user, next_url = lifecycle.confirm_signup(token)
    if user is None:
        flash(
            "This link is invalid, expired or was already used. Log in, or sign up again.",
            "error",
        )
        return redirect(url_for("accounts.login"))
    flash(f"Welcome, {user.name}: your account is ready.")
    return _signed_in(user, remember=False, next_url=next_url)


@bp.route("/login", methods=["GET", "POST"])
@rate_limited("login", methods=["POST"])
def login() -> Page:
    """Log in with email and password; repeated failures lock the email from this address."""
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        email = lifecycle.normalise_email(form.email.data)
        wait = backoff.seconds_locked(email)
        if wait:
            return _locked(form, wait)
        user = lifecycle.authenticate(email, form.password.data)
        if user is not None:
            backoff.record_success(email)
            return _signed_in(user, bool(form.remember.data), form.next.data)
        wait = backoff.record_failure(email)
        if wait:
            return _locked(form, wait)
        form.password.errors = ["That email and password do not match an account."]
    return render_template("accounts/login.html", form=form), (400 if form.errors else 200)


def _locked(form: LoginForm, wait: int) -> WerkzeugResponse:
    """The log-in page with the lock message: 429 with ``Retry-After``, account or not."""
    form.password.errors = [LOCKED.format(wait=duration(wait))]
    response = make_response(render_template("accounts/login.html", form=form), 429)
    response.headers["Retry-After"] = str(wait)
    return response


@bp.route("/logout", methods=["POST"])
def logout() -> WerkzeugResponse:
    """Log out and forget this browser's attempts (a shared computer stays private)."""
    if LogoutForm().validate_on_submit() and current_user.is_authenticated:
        sessions.end(current_user)  # both cookies, and any copy of them, stop working
        logout_user()
        session.clear()
        session["_remember"] = "clear"  # Flask-Login then deletes the remember cookie
        flash("You are logged out.")
    return redirect(url_for("landing.index"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@rate_limited("password_reset", methods=["POST"])
def forgot() -> Page:
    """Ask for a reset link; the answer is the same whether or not the email has an account."""
    form = ForgotForm()
    if form.validate_on_submit():
        reset.request_password_reset(form.email.data)
        minutes = current_app.config["PASSWORD_RESET_MINUTES"]
        return render_template(
            "accounts/check_inbox.html",
            message=RESET_SENT.format(email=form.email.data, minutes=minutes),
        )
    return render_template("accounts/forgot.html", form=form), (400 if form.errors else 200)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@rate_limited("password_reset", methods=["POST"])
def reset_password(token: str) -> Page:
    """Choose a new password with the emailed one-time link."""
    if reset.usable_reset(token) is None:
        flash(
            "This reset link is invalid, expired or was already used. Ask for a new one.", "error"
        )
        return redirect(url_for("accounts.forgot"))
    form = ResetForm()
    if form.validate_on_submit():
        user = reset.reset_password(token, form.password.data)
        if user is None:
            flash("This reset link was already used. Ask for a new one.", "error")
            return redirect(url_for("accounts.forgot"))
        backoff.record_success(user.email)  # the owner is back: no delay left for them
        flash("Your password is changed and you are logged in.")
        return _signed_in(user, remember=False, next_url=None)
    return render_template("accounts/reset.html", form=form), (400 if form.errors else 200)
