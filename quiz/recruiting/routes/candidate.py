"""Candidate views: the consent page of an invitation link, the public link of a position,
and withdrawing from a position.

The link is enough: a candidate without an account consents, takes and submits through it
(the attempt is bound to the invitation and to the browser). Rate limits count per link, not
per client address.
"""

from __future__ import annotations

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from quiz.core import access
from quiz.core.access import login_required
from quiz.models import Attempt, Invitation, User
from quiz.models.base import utcnow
from quiz.recruiting import candidacy, invitations
from quiz.recruiting.forms import ActionForm, AttachForm, PublicEntryForm
from quiz.recruiting.routes import bp
from quiz.recruiting.routes.setup import Page
from quiz.recruiting.status import STATUSES, invitation_status
from quiz.security.inputs import InputError
from quiz.security.limits import per_link, rate_limited


def _open(token: str) -> Invitation:
    invitation = invitations.by_token(token)
    if invitation is None:
        replaced = invitations.replaced_by_token(token)
        if replaced is None:
            abort(404)
        abort(_replaced(replaced))
    return invitation


def _replaced(invitation: Invitation) -> WerkzeugResponse:
    page = render_template(
        "recruiting/closed.html",
        invitation=invitation,
        reason=(
            "A newer link to this invitation was sent by email"
            + (
                f" on {invitation.last_reminded_at.strftime('%Y-%m-%d')}"
                if invitation.last_reminded_at
                else ""
            )
            + ". Use the link in the most recent email; this one no longer works."
        ),
        reopen=False,
        token="",
    )
    return make_response(page, 410)


def _closed(
    invitation: Invitation, reason: str, reopen: bool = False, token: str = ""
) -> tuple[str, int]:
    page = render_template(
        "recruiting/closed.html", invitation=invitation, reason=reason, reopen=reopen, token=token
    )
    return page, 200 if reopen else 410


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
        conflict=candidacy.identity_conflict(invitation, _user()),
        answers_asked=invitation.consented_at is not None
        and invitation.position.answers_visible
        and not invitation.answers_consented,
    ), (400 if form.errors else 200)


def _user() -> User | None:
    return current_user if current_user.is_authenticated else None


@bp.route("/i/<token>")
@rate_limited("invitation", per_link("token"))
@rate_limited("invitation_miss", only_404=True)
def invitation(token: str) -> Page:
    """The invitation link: the consent page (or why the link no longer works)."""
    return consent_page(token, _open(token))


@bp.route("/i/<token>/consent", methods=["POST"])
@rate_limited("invitation", per_link("token"))
@rate_limited("invitation_miss", only_404=True)
def consent(token: str) -> Page:
    """Consent and start (or continue) the position's assessment, with an account or with
    the link alone; a signed-in account that is not the invited address says which."""
    invitation = _open(token)
    if not ActionForm().validate_on_submit():
        flash("The form expired; press the button again.", "error")
        return redirect(url_for("recruiting.invitation", token=token))
    user = _user()
    identity = request.form.get("identity", "")
    if candidacy.identity_conflict(invitation, user) and identity not in ("account", "link"):
        flash("Choose who takes this invitation.", "error")
        return consent_page(token, invitation)
    started = candidacy.consent_and_start(invitation, None if identity == "link" else user)
    if not isinstance(started, Attempt):
        flash(started, "error")
        return consent_page(token, invitation)
    return redirect(url_for("attempts.about", token=started.token))


@bp.route("/i/<token>/attach", methods=["POST"])
@rate_limited("invitation", per_link("token"))
@rate_limited("invitation_miss", only_404=True)
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
@rate_limited("invitation", per_link("token"))
@rate_limited("invitation_miss", only_404=True)
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
    return _closed(
        invitation,
        "You declined. Nothing about you is shared with the recruiter. Changed your mind? "
        "This link takes you back while the invitation is open.",
        reopen=True,
        token=token,
    )


@bp.route("/i/<token>/withdraw", methods=["GET", "POST"])
@rate_limited("invitation", per_link("token"))
@rate_limited("invitation_miss", only_404=True)
def withdraw_by_link(token: str) -> Page:
    """Confirm, then take the results back, through the invitation link (no account needed)."""
    invitation = _open(token)
    if invitation.consented_at is None or invitation.withdrawn_at is not None:
        return redirect(url_for("recruiting.invitation", token=token))
    form = ActionForm()
    if form.validate_on_submit():
        candidacy.withdraw(invitation)
        flash(f"You withdrew from {invitation.position.title}; your results are no longer shared.")
        return redirect(url_for("recruiting.invitation", token=token))
    action = url_for("recruiting.withdraw_by_link", token=token)
    back = url_for("recruiting.invitation", token=token)
    return render_template(
        "recruiting/withdraw.html", invitation=invitation, form=form, action=action, back=back
    )


@bp.route("/i/<token>/answers", methods=["POST"])
@rate_limited("invitation", per_link("token"))
@rate_limited("invitation_miss", only_404=True)
def allow_answers(token: str) -> Page:
    """The candidate agrees that the recruiter may also read their individual answers."""
    invitation = _open(token)
    if ActionForm().validate_on_submit():
        problem = candidacy.allow_answers(invitation)
        flash(
            problem or "The recruiter may now read your individual answers.",
            "error" if problem else "message",
        )
    else:
        flash("The form expired; press the button again.", "error")
    return redirect(url_for("recruiting.invitation", token=token))


@bp.route("/p/<slug>", methods=["GET", "POST"])
@rate_limited("invitation", per_link("slug"))
@rate_limited("invitation_miss", only_404=True)
def public(slug: str) -> Page:
    """A position's public link: each candidate gets an invitation of their own, signed in
    or after a name and email form that names the company and position first."""
    position = invitations.by_public_slug(slug)
    if position is None:
        abort(404)
    if current_user.is_authenticated:
        form: ActionForm | PublicEntryForm = ActionForm()
        if form.validate_on_submit():
            _entry, token = invitations.public_entry(position, current_user)
            return redirect(url_for("recruiting.invitation", token=token))
    else:
        form = PublicEntryForm()
        if form.validate_on_submit():
            try:
                _entry, token = invitations.public_entry_by_email(
                    position, form.name.data.strip(), form.email.data
                )
            except InputError as exc:
                form.email.errors = [str(exc)]
            else:
                return redirect(url_for("recruiting.invitation", token=token))
    page = render_template("recruiting/public.html", position=position, form=form)
    return page, 400 if form.errors else 200


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
    action = url_for("recruiting.withdraw", invitation_id=invitation.id)
    return render_template(
        "recruiting/withdraw.html",
        invitation=invitation,
        form=form,
        action=action,
        back=url_for("accounts.account"),
    )
