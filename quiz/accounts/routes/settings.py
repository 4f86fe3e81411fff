"""The account page: password change, data export and deletion, API tokens."""

from __future__ import annotations

import json

from flask import Response, abort, flash, redirect, render_template, session, url_for
from flask_login import current_user, logout_user
from werkzeug.wrappers import Response as WerkzeugResponse

from quiz.accounts import lifecycle, privacy
from quiz.accounts.forms import DeleteForm, PasswordForm, RevokeForm, TokenForm
from quiz.accounts.routes import bp
from quiz.api import tokens as api_tokens
from quiz.core import audit
from quiz.core.access import login_required
from quiz.core.downloads import attachment
from quiz.models.base import utcnow
from quiz.recruiting.candidacy import held_by

Page = str | WerkzeugResponse | tuple[str, int]


def _page(
    password_form: PasswordForm | None = None,
    delete_form: DeleteForm | None = None,
    token_form: TokenForm | None = None,
    created: api_tokens.Created | None = None,
) -> tuple[str, int]:
    password_form = password_form or PasswordForm(prefix="pw")
    delete_form = delete_form or DeleteForm(prefix="del")
    token_form = token_form or TokenForm(prefix="tok", formdata=None)
    forms = (password_form, delete_form, token_form)
    status = 400 if any(f.errors for f in forms) else (201 if created else 200)
    return render_template(
        "accounts/account.html",
        password_form=password_form,
        delete_form=delete_form,
        held=held_by(current_user.id),
        report_views=audit.views_of_candidate(current_user.id),
        token_form=token_form,
        tokens=api_tokens.tokens_of(current_user.id),
        created=created,
        now=utcnow(),
    ), status


@bp.route("/account/")
@login_required
def account() -> Page:
    """Account details, password change, data export and deletion."""
    return _page()


@bp.route("/account/password", methods=["POST"])
@login_required
def change_password() -> Page:
    """Change the password; other devices are signed out and API tokens revoked."""
    form = PasswordForm(prefix="pw")
    if form.validate_on_submit():
        changed = lifecycle.change_password(current_user, form.current.data, form.password.data)
        if changed is not None:
            flash(_changed_message(changed))
            return redirect(url_for("accounts.account"))
        form.current.errors = ["That is not your current password."]
    return _page(password_form=form)


def _changed_message(changed: lifecycle.Changed) -> str:
    parts = ["Your password is changed. Other devices have been signed out"]
    if changed.tokens:
        parts.append(
            f"your {changed.tokens} API token(s) are revoked (create new ones below if a "
            "program still needs one)"
        )
    if changed.reset_links:
        parts.append("the password-reset link we emailed you no longer works")
    return "; ".join(parts) + "."


@bp.route("/account/export.json")
@login_required
def export() -> Response:
    """All my data (account, memberships, cohorts, attempts, answers, reports) as one file."""
    body = json.dumps(privacy.export_data(current_user), indent=2, ensure_ascii=False)
    return attachment(body, "application/json", "my-data.json")


@bp.route("/account/delete", methods=["POST"])
@login_required
def delete() -> Page:
    """Delete the account and everything it owns, after checking the password."""
    form = DeleteForm(prefix="del")
    if form.validate_on_submit():
        if current_user.check_password(form.password.data):
            user = current_user._get_current_object()
            logout_user()
            session.clear()
            session["_remember"] = "clear"  # Flask-Login then deletes the remember cookie
            privacy.delete_account(user)
            flash("Your account and all its attempts and reports are deleted.")
            return redirect(url_for("landing.index"))
        form.password.errors = ["That is not your password."]
    return _page(delete_form=form)


@bp.route("/account/tokens", methods=["POST"])
@login_required
def create_token() -> Page:
    """Create a personal access token for the API; its secret is shown on this page once."""
    form = TokenForm(prefix="tok")
    if form.validate_on_submit():
        now = utcnow()
        created = api_tokens.create_token(
            current_user, form.name.data or "", form.scopes.data or [], form.expires_at(now), now
        )
        return _page(created=created)
    return _page(token_form=form)


@bp.route("/account/tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke_token(token_id: int) -> Page:
    """Revoke one of my tokens at once; another person's token id answers 404."""
    if not RevokeForm().validate_on_submit():
        abort(400)
    if not api_tokens.revoke(current_user.id, token_id):
        abort(404)
    flash("The token is revoked: calls with it now answer 401.")
    return redirect(url_for("accounts.account"))
