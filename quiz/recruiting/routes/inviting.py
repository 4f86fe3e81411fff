"""Recruiter views that invite candidates: pasted emails, a CSV, reminders."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from quiz.core import access, mail
from quiz.core.access import login_required
from quiz.models import Position
from quiz.recruiting import invitations, positions
from quiz.recruiting.forms import ActionForm, CsvForm, PasteForm
from quiz.recruiting.routes import bp
from quiz.recruiting.routes.setup import Page, position_page
from quiz.security.inputs import InputError


def _invited(position: Position, invitees: list[invitations.Invitee], days: int) -> Page:
    if position.closed_at is not None:
        return position_page(position, problem="This position is closed; reopen it to invite.")
    try:
        count, skipped = invitations.invite(position, invitees, days, current_user.id)
        positions.audit_line(position, current_user, "invitations.sent", f"{count} invited")
    except mail.QuotaExceeded as exc:
        return position_page(position, problem=f"{exc} Nothing was sent.")
    message = f"{count} candidate(s) invited; each gets their own link for {days} day(s)."
    if skipped:
        message += f" Already invited, so skipped: {', '.join(skipped)}."
    flash(message)
    return redirect(url_for("recruiting.position", position_id=position.id))


@bp.route("/positions/<int:position_id>/invitations", methods=["POST"])
@login_required
def invite_pasted(position_id: int) -> Page:
    """Invite pasted email addresses; a bad one is reported by line and nothing is saved."""
    position = access.recruiting_position(position_id)
    form = PasteForm(prefix="paste")
    if not form.validate_on_submit():
        return position_page(position, paste_form=form)
    try:
        invitees = invitations.parse_pasted(form.emails.data)
    except InputError as exc:
        form.emails.errors = [f"{exc} Nothing was saved."]
        return position_page(position, paste_form=form)
    return _invited(position, invitees, form.days.data)


@bp.route("/positions/<int:position_id>/invitations/csv", methods=["POST"])
@login_required
def invite_csv(position_id: int) -> Page:
    """Invite the candidates of a CSV; a bad row is reported by line and nothing is saved."""
    position = access.recruiting_position(position_id)
    form = CsvForm(prefix="csv")
    if not form.validate_on_submit():
        return position_page(position, csv_form=form)
    try:
        invitees = invitations.parse_csv(form.file.data.read())
    except InputError as exc:
        form.file.errors = [f"{exc} Nothing was saved."]
        return position_page(position, csv_form=form)
    return _invited(position, invitees, form.days.data)


@bp.route("/invitations/<int:invitation_id>/remind", methods=["POST"])
@login_required
def remind(invitation_id: int) -> WerkzeugResponse:
    """Send one pending candidate a reminder with a fresh link."""
    invitation = access.recruiting_invitation(invitation_id)
    if ActionForm().validate_on_submit():
        try:
            if invitations.remind(invitation, current_user.id):
                positions.audit_line(
                    invitation.position, current_user, "invitation.reminded", str(invitation.id)
                )
                flash(f"A reminder is on its way to {invitation.email}.")
            else:
                flash("Only pending emailed invitations can be reminded.", "error")
        except mail.QuotaExceeded as exc:
            flash(f"{exc} Nothing was sent.", "error")
    return redirect(url_for("recruiting.position", position_id=invitation.position_id))


@bp.route("/positions/<int:position_id>/remind", methods=["POST"])
@login_required
def remind_all(position_id: int) -> WerkzeugResponse:
    """Remind every pending candidate of the position."""
    position = access.recruiting_position(position_id)
    if ActionForm().validate_on_submit():
        try:
            sent = invitations.remind_all(position, current_user.id)
            positions.audit_line(position, current_user, "invitations.reminded", f"{sent} sent")
            flash(f"{sent} reminder(s) sent.")
        except mail.QuotaExceeded as exc:
            flash(f"{exc} Nothing was sent.", "error")
    return redirect(url_for("recruiting.position", position_id=position_id))
