"""People views: accepting a staff invitation, changing a member's role, removing a member or
leaving, removing a student from a cohort and merging two roster entries. Destructive
actions have a confirmation page (GET); their POST acts only with the page's ``confirm``."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse
from wtforms import SelectChoice

from quiz.cohorts import people
from quiz.cohorts.actionforms import ConfirmForm, MergeForm, RoleForm
from quiz.cohorts.routes import bp
from quiz.core import access
from quiz.core.access import login_required
from quiz.models import CohortMember, Membership
from quiz.models.orgs import OWNER

Page = str | WerkzeugResponse | tuple[str, int]


@bp.route("/staff-invitations/<token>", methods=["GET", "POST"])
def staff_invitation(token: str) -> Page:
    """Accept an invitation to an organisation's staff (the link emailed to the invitee);
    without an account, sign up (or log in from there) first."""
    if not current_user.is_authenticated:
        flash("Log in or create an account to accept the invitation.")
        return redirect(url_for("accounts.signup", next=request.path))
    invitation = people.pending_invitation(token)
    if invitation is None:
        abort(404)
    form = ConfirmForm()
    if form.confirmed():
        refused = people.accept(invitation, current_user)
        if refused is None:
            flash(f"You are now a member of {invitation.organisation.name}.")
            return redirect(url_for("cohorts.org", org_id=invitation.organisation_id))
        flash(refused, "error")
    return render_template(
        "cohorts/staff_invitation.html", invitation=invitation, form=form, token=token
    ), (400 if form.is_submitted() else 200)


def _member_of(org_id: int, user_id: int) -> Membership:
    """Another member of an organisation the signed-in user owns; 404 otherwise."""
    access.membership(org_id, frozenset({OWNER}))
    return access.membership_of(org_id, user_id)


@bp.route("/orgs/<int:org_id>/members/<int:user_id>/role", methods=["POST"])
@login_required
def change_role(org_id: int, user_id: int) -> WerkzeugResponse:
    """Owners change a member's role; the last owner keeps theirs."""
    membership = _member_of(org_id, user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        abort(400, "Choose one of the listed roles.")
    refused = people.change_role(membership, form.role.data, current_user)
    flash(
        refused or f"{membership.user.name} is now {form.role.data}.",
        "error" if refused else "info",
    )
    return redirect(url_for("cohorts.org", org_id=org_id))


def _leave_or_remove(membership: Membership, leaving: bool) -> Page:
    form = ConfirmForm()
    org_id, org_name, name = (
        membership.organisation_id,
        membership.organisation.name,
        membership.user.name,
    )
    if form.confirmed():
        refused = people.remove_member(membership, current_user)
        if refused is None:
            if leaving:
                flash(f"You left {org_name}.")
                return redirect(url_for("cohorts.home"))
            flash(f"{name} no longer belongs to {org_name}.")
            return redirect(url_for("cohorts.org", org_id=org_id))
        flash(refused, "error")
    return render_template(
        "cohorts/confirm_remove_member.html",
        membership=membership,
        form=form,
        leaving=leaving,
        last_owner=people.is_last_owner(membership),
    ), (400 if form.is_submitted() else 200)


@bp.route("/orgs/<int:org_id>/members/<int:user_id>/remove", methods=["GET", "POST"])
@login_required
def remove_member(org_id: int, user_id: int) -> Page:
    """Owners remove a member: from then on every page of the organisation answers 404."""
    membership = _member_of(org_id, user_id)
    return _leave_or_remove(membership, membership.user_id == current_user.id)


@bp.route("/orgs/<int:org_id>/leave", methods=["GET", "POST"])
@login_required
def leave_org(org_id: int) -> Page:
    """A member leaves the organisation (the last owner cannot)."""
    return _leave_or_remove(access.membership(org_id), True)


@bp.route("/cohorts/<int:cohort_id>/students/<int:member_id>/remove", methods=["GET", "POST"])
@login_required
def remove_student(cohort_id: int, member_id: int) -> Page:
    """Take a student off the roster; their attempts stay theirs."""
    member = access.cohort_student(cohort_id, member_id)
    form = ConfirmForm()
    if form.confirmed():
        people.remove_student(member, current_user)
        flash(f"{member.name} is no longer on the roster; their attempts stay theirs.")
        return redirect(url_for("cohorts.cohort", cohort_id=cohort_id))
    return render_template("cohorts/confirm_remove_student.html", member=member, form=form), (
        400 if form.is_submitted() else 200
    )


@bp.route("/cohorts/<int:cohort_id>/students/<int:member_id>/merge", methods=["GET", "POST"])
@login_required
def merge_students(cohort_id: int, member_id: int) -> Page:
    """Merge two roster entries of one person (invited with one email, joined with another)."""
    member = access.cohort_student(cohort_id, member_id)
    others = [m for m in member.cohort.members if m.id != member.id]
    form = MergeForm()
    form.other.choices = [SelectChoice(m.id, _label(m)) for m in others]
    if form.validate_on_submit() and form.confirm.data == "yes":
        other = next(m for m in others if m.id == form.other.data)
        refused = people.merge_refusal(member, other)
        if refused is None:
            kept = people.merge_students(member, other, current_user)
            flash(f"The two entries are one now: {kept.name}.")
            return redirect(url_for("cohorts.cohort", cohort_id=cohort_id))
        form.other.errors = [refused]
    return render_template(
        "cohorts/merge_students.html", member=member, form=form, others=others
    ), (400 if form.is_submitted() else 200)


def _label(member: CohortMember) -> str:
    state = "joined" if member.user_id else "invited"
    return f"{member.name} <{member.email or 'no email'}> ({state})"
