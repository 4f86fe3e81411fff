"""Instructor views: organisations, cohorts, rosters and assignments."""

from __future__ import annotations

from datetime import datetime

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse
from wtforms import SelectChoice

from quiz.cohorts import assignments, orgs, people, roster
from quiz.cohorts.actionforms import RoleForm
from quiz.cohorts.forms import (
    AssignmentForm,
    CohortForm,
    MemberForm,
    OrganisationForm,
    RosterForm,
    ZoneForm,
)
from quiz.cohorts.routes import bp
from quiz.core import access, audit, mail
from quiz.core.access import login_required
from quiz.core.content import current_content
from quiz.extensions import db
from quiz.models.base import utcnow
from quiz.models.orgs import OWNER
from quiz.orgbanks.sources import content_for_source, covers

Page = str | WerkzeugResponse | tuple[str, int]


@bp.route("/orgs/new", methods=["GET", "POST"])
@login_required
def new_org() -> Page:
    """Create an organisation; its creator is its owner."""
    form = OrganisationForm()
    if form.validate_on_submit():
        org = orgs.create_organisation(current_user, form.name.data, form.kind.data)
        audit.record_change(org.id, current_user, "organisation-created", org.name)
        db.session.commit()
        flash(f"{org.name} is created. Create a cohort to invite students.")
        return redirect(url_for("cohorts.org", org_id=org.id))
    return render_template("cohorts/new_org.html", form=form), (400 if form.errors else 200)


def _org_page(
    org_id: int,
    cohort_form: CohortForm,
    member_form: MemberForm,
    zone_form: ZoneForm | None = None,
) -> Page:
    membership = access.membership(org_id)
    if membership.role not in {OWNER, "instructor"}:
        abort(404)
    org = membership.organisation
    summary = next(s for s in orgs.organisations_of(current_user.id) if s.organisation.id == org_id)
    status = 400 if cohort_form.errors or member_form.errors or zone_form else 200
    return render_template(
        "cohorts/org.html",
        org=org,
        role=membership.role,
        cohorts=summary.cohorts,
        members=orgs.members_of(org),
        pending=people.pending_of(org) if membership.role == OWNER else [],
        changes=audit.changes_of(org.id) if membership.role == OWNER else [],
        cohort_form=cohort_form,
        member_form=member_form,
        role_form=RoleForm(),
        zone_form=zone_form or ZoneForm(formdata=None, time_zone=org.time_zone),
    ), status


@bp.route("/orgs/<int:org_id>")
@login_required
def org(org_id: int) -> Page:
    """An organisation: its cohorts and members."""
    return _org_page(org_id, CohortForm(prefix="cohort"), MemberForm(prefix="member"))


@bp.route("/orgs/<int:org_id>/cohorts", methods=["POST"])
@login_required
def create_cohort(org_id: int) -> Page:
    """Create a cohort in the organisation."""
    org = access.teaching_org(org_id)
    form = CohortForm(prefix="cohort")
    if form.validate_on_submit():
        cohort = roster.create_cohort(org, form.name.data)
        audit.record_change(org.id, current_user, "cohort-created", cohort.name)
        db.session.commit()
        flash(f"{cohort.name} is created. Share its join link or upload a roster.")
        return redirect(url_for("cohorts.cohort", cohort_id=cohort.id))
    return _org_page(org_id, form, MemberForm(prefix="member"))


@bp.route("/orgs/<int:org_id>/members", methods=["POST"])
@login_required
def add_member(org_id: int) -> Page:
    """Owners invite someone by email; the answer is the same whether or not the email has
    an account."""
    org = access.membership(org_id, frozenset({OWNER})).organisation
    form = MemberForm(prefix="member")
    if form.validate_on_submit():
        try:
            people.invite_staff(org, form.email.data, form.role.data, current_user)
        except mail.QuotaExceeded as exc:
            form.email.errors = [str(exc)]
            return _org_page(org_id, CohortForm(prefix="cohort"), form)
        flash(
            f"An invitation is on its way to {form.email.data}. The role applies once they "
            "open the link and accept it."
        )
        return redirect(url_for("cohorts.org", org_id=org_id))
    return _org_page(org_id, CohortForm(prefix="cohort"), form)


@bp.route("/orgs/<int:org_id>/time-zone", methods=["POST"])
@login_required
def set_time_zone(org_id: int) -> Page:
    """Owners set the organisation's time zone (dates are entered and shown in it)."""
    org = access.membership(org_id, frozenset({OWNER})).organisation
    form = ZoneForm()
    if not form.validate_on_submit():
        form.time_zone.errors = ["Choose a time zone from the list."]
        return _org_page(org_id, CohortForm(prefix="cohort"), MemberForm(prefix="member"), form)
    org.time_zone = form.time_zone.data
    audit.record_change(org.id, current_user, "time-zone-set", org.time_zone)
    db.session.commit()
    flash(f"Dates of {org.name} are now entered and shown in {org.time_zone}.")
    return redirect(url_for("cohorts.org", org_id=org_id))


def _cohort_page(
    cohort_id: int, roster_form: RosterForm, problems: list[roster.RosterProblem]
) -> Page:
    cohort = access.teaching_cohort(cohort_id)
    status = 400 if roster_form.errors else 200
    return render_template(
        "cohorts/cohort.html",
        cohort=cohort,
        roster_form=roster_form,
        problems=problems,
        join_url=url_for("cohorts.join", code=cohort.join_code, _external=True),
    ), status


@bp.route("/cohorts/<int:cohort_id>")
@login_required
def cohort(cohort_id: int) -> Page:
    """A cohort: join link, roster, assignments."""
    return _cohort_page(cohort_id, RosterForm(), [])


@bp.route("/cohorts/<int:cohort_id>/roster", methods=["POST"])
@login_required
def upload_roster(cohort_id: int) -> Page:
    """Import a roster CSV: good rows are added and invited, bad rows reported by line."""
    cohort = access.teaching_cohort(cohort_id)
    form = RosterForm()
    if not form.validate_on_submit():
        return _cohort_page(cohort_id, form, [])
    rows, problems = roster.parse_roster(form.roster.data.read())
    try:
        added, present = roster.import_roster(cohort, rows, current_user.id)
    except mail.QuotaExceeded as exc:
        form.roster.errors = [f"{exc} Nothing was imported."]
        return _cohort_page(cohort_id, form, problems)
    if added or present:
        audit.record_change(
            cohort.organisation_id,
            current_user,
            "roster-imported",
            f"{cohort.name}: {added} added, {present} already there",
        )
        db.session.commit()
    flash(
        f"{added} student(s) added and invited; {present} already on the roster (unchanged); "
        f"{len(problems)} line(s) not imported."
    )
    return _cohort_page(cohort_id, RosterForm(formdata=None), problems)


def assignment_form(zone: str, **values: object) -> AssignmentForm:
    """The assignment form with the offered roles and areas, its dates in ``zone`` (the
    organisation's time zone; ``values`` prefill it)."""
    content = current_content()
    form = AssignmentForm(**values)
    form.in_zone(zone)
    form.profile.choices = [SelectChoice(p.id, p.title) for p in content.profiles.values()]
    used = sorted(set(content.item_area.values()), key=lambda a: content.areas[a].title)
    form.areas.choices = [SelectChoice(a, content.areas[a].title) for a in used]
    return form


PAST_DUE = (
    "This due date is in the past: students would see the assignment as overdue at once. "
    "Tick the box below to set it anyway, or change the date."
)


def past_due_refused(form: AssignmentForm, previous: datetime | None = None) -> bool:
    """A due date in the past not confirmed: the form gets the message saying so."""
    if form.past_due(previous) and not form.confirm_past.data:
        form.confirm_past.errors = [PAST_DUE]
        return True
    return False


@bp.route("/cohorts/<int:cohort_id>/assignments/new", methods=["GET", "POST"])
@login_required
def new_assignment(cohort_id: int) -> Page:
    """Set an assignment to the cohort (a due date in the past needs a confirmation)."""
    cohort = access.teaching_cohort(cohort_id)
    if cohort.archived_at is not None:
        flash("This cohort is archived; restore it to set assignments.", "error")
        return redirect(url_for("cohorts.cohort", cohort_id=cohort.id))
    form = assignment_form(cohort.organisation.time_zone)
    if form.validate_on_submit() and not past_due_refused(form):
        settings = form.settings(utcnow())
        assignment = assignments.create_assignment(cohort, settings)
        audit.record_change(
            cohort.organisation_id,
            current_user,
            "assignment-created",
            f"{cohort.name}: {assignment.title}",
        )
        db.session.commit()
        flash(f"{assignment.title} is set. Students see it on their home page.")
        drawn = content_for_source(cohort.organisation_id, settings.source)
        if not covers(drawn, settings.profile_id):
            flash("The organisation's banks have no item for this role yet; add some first.")
        return redirect(url_for("cohorts.dashboard", assignment_id=assignment.id))
    return render_template("cohorts/new_assignment.html", cohort=cohort, form=form), (
        400 if form.errors else 200
    )
