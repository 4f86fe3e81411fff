"""Candidate views: the consent page of an invitation link, the public link of a position,
and withdrawing from a position."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from quiz.core import access
from quiz.core.access import login_required
from quiz.models import Attempt, Invitation
from quiz.models.base import utcnow
from quiz.recruiting import candidacy, invitations
from quiz.recruiting.forms import ActionForm, AttachForm
from quiz.recruiting.routes import bp
from quiz.recruiting.routes.setup import Page
from quiz.recruiting.status import STATUSES, invitation_status
from quiz.security.limits import rate_limited


def _open(token: str) -> Invitation:
    invitation = invitations.by_token(token)
    if invitation is None:
        abort(404)
    return invitation


def _closed(invitation: Invitation, reason: str) -> tuple[str, int]:
    return render_template("recruiting/closed.html", invitation=invitation, reason=reason), 410


def consent_page(token: str, invitation: Invitation, attach_form: AttachForm | None = None) -> Page:
    """What the recruiter will see and for how long, with consent, attach and decline."""
    reason = candidacy.closed_reason(invitation)
    if reason:
        return _closed(invitation, reason)
    form = attach_form or AttachForm()
    return render_template(
        "recruiting/invitation.html",
        token=token,
        invitation=invitation,
        position=invitation.position,
        org=invitation.position.organisation,
        status=STATUSES[invitation_status(invitation, utcnow())],
        attach_form=form,
        action_form=ActionForm(),
    ), (400 if form.errors else 200)


@bp.route("/i/<token>")
@rate_limited("invitation")
def invitation(token: str) -> Page:
    """The invitation link: the consent page (or why the link no longer works)."""
    return consent_page(token, _open(token))


@bp.route("/i/<token>/consent", methods=["POST"])
@rate_limited("invitation")
@login_required
def consent(token: str) -> Page:
    """Consent and start (or continue) the position's assessment."""
    invitation = _open(token)
    if not ActionForm().validate_on_submit():
        flash("The form expired; press the button again.", "error")
        return redirect(url_for("recruiting.invitation", token=token))
    started = candidacy.consent_and_start(invitation, current_user)
    if not isinstance(started, Attempt):
        flash(started, "error")
        return consent_page(token, invitation)
    return redirect(url_for("attempts.about", token=started.token))


@bp.route("/i/<token>/attach", methods=["POST"])
@rate_limited("invitation")
@login_required
def attach(token: str) -> Page:
    """Consent and attach a report the candidate already has, through its share link."""
    invitation = _open(token)
    form = AttachForm()
    if form.validate_on_submit():
        problem = candidacy.attach(invitation, current_user, form.url.data)
        if problem is None:
            flash(f"Your report is attached; {invitation.position.organisation.name} can see it.")
            return redirect(url_for("accounts.account"))
        form.url.errors = [problem]
    return consent_page(token, invitation, form)


@bp.route("/i/<token>/decline", methods=["POST"])
@rate_limited("invitation")
def decline(token: str) -> Page:
    """Decline: the invitation ends and nothing is shared."""
    invitation = _open(token)
    if not ActionForm().validate_on_submit():
        flash("The form expired; press the button again.", "error")
        return redirect(url_for("recruiting.invitation", token=token))
    problem = candidacy.decline(invitation)
    if problem:
        flash(problem, "error")
        return redirect(url_for("recruiting.invitation", token=token))
    return _closed(invitation, "You declined. Nothing about you is shared with the recruiter.")


@bp.route("/p/<slug>", methods=["GET", "POST"])
@rate_limited("invitation")
def public(slug: str) -> Page:
    """A position's public link: each candidate gets an invitation of their own."""
    position = invitations.by_public_slug(slug)
    if position is None:
        abort(404)
    if not current_user.is_authenticated:
        flash("Log in or create an account to take part; you then see what is shared.")
        return redirect(url_for("accounts.signup", next=request.path))
    form = ActionForm()
    if form.validate_on_submit():
        _entry, token = invitations.public_entry(position, current_user)
        return redirect(url_for("recruiting.invitation", token=token))
    return render_template("recruiting/public.html", position=position, form=form)


@bp.route("/invitations/<int:invitation_id>/withdraw", methods=["GET", "POST"])
@login_required
def withdraw(invitation_id: int) -> Page:
    """Confirm, then take the candidate's results back from the position."""
    invitation = access.own_invitation(invitation_id)
    form = ActionForm()
    if form.validate_on_submit():
        candidacy.withdraw(invitation)
        flash(f"You withdrew from {invitation.position.title}; your results are no longer shared.")
        return redirect(url_for("accounts.account"))
    return render_template("recruiting/withdraw.html", invitation=invitation, form=form)
