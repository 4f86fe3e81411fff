"""A position from a job description: propose requirements from the pasted text, let the
recruiter review them (weights, targets, removals, and any catalog requirement the proposal
missed), then save. Everything the text names that the catalog does not measure is listed
with its sentence.

Thin: parse the form, call ``quiz.recruiting``, render.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from quiz.core import access, audit
from quiz.core.access import login_required
from quiz.core.content import current_content
from quiz.extensions import db
from quiz.jd import Proposal
from quiz.models import Organisation
from quiz.recruiting import positions
from quiz.recruiting.catalog_search import find_requirement
from quiz.recruiting.forms import EditPositionForm, JobDescriptionForm, ReviewForm
from quiz.recruiting.routes import bp
from quiz.recruiting.routes.setup import Page, _new_page, _profile_form, settings_of


def _review_form(text: str) -> ReviewForm:
    proposal = positions.proposal_for(text)
    return ReviewForm(
        prefix="r",
        formdata=None,
        text=text,
        title=proposal.title[:120],
        seniority=proposal.seniority,
        requirements=[
            {"id": r.id, "weight": r.weight, "target": r.target} for r in proposal.requirements
        ],
    )


def _review_page(org: Organisation, form: ReviewForm, proposal: Proposal | None = None) -> Page:
    proposal = proposal or positions.proposal_for(form.text.data)
    found = {r.id: r for r in proposal.requirements}
    catalog = current_content().requirements
    rows = [
        (row, found.get(row.form.id.data), catalog.get(row.form.id.data))
        for row in form.requirements
    ]
    listed = {row.form.id.data for row in form.requirements}
    return render_template(
        "recruiting/review.html",
        org=org,
        form=form,
        rows=rows,
        not_measured=proposal.not_measured,
        titles=sorted(r.title for r in catalog.values() if r.id not in listed),
    ), (400 if form.errors or form.form_errors else 200)


@bp.route("/orgs/<int:org_id>/positions/from-jd", methods=["POST"])
@login_required
def propose_position(org_id: int) -> Page:
    """Propose requirements from a pasted job description, for review."""
    org = access.recruiting_org(org_id)
    jd_form = JobDescriptionForm(prefix="jd")
    if not jd_form.validate_on_submit():
        return _new_page(org, _profile_form(), jd_form)
    return _review_page(org, _review_form(jd_form.text.data))


def _reviewed(form: ReviewForm) -> list[positions.Reviewed] | str:
    proposal = positions.proposal_for(form.text.data)
    found = {r.id: r for r in proposal.requirements}
    catalog = current_content().requirements
    kept = []
    for row in form.requirements:
        data = row.form
        if data.id.data not in found and data.id.data not in catalog:
            return "The proposal changed; paste the job description again."
        if not data.remove.data:
            evidence = found[data.id.data].evidence if data.id.data in found else ""
            kept.append(
                positions.Reviewed(data.id.data, data.weight.data, data.target.data, evidence)
            )
    return kept or "Keep at least one requirement; the quiz needs something to assess."


def add_requirement(form: ReviewForm | EditPositionForm, seniority: str) -> None:
    """Add the catalog requirement the recruiter named to the form's rows (or say on the
    form why not)."""
    found = find_requirement(form.add_title.data or "", current_content().requirements)
    if isinstance(found, str):
        form.add_title.errors = [found]
        return
    if any(row.form.id.data == found.id for row in form.requirements):
        form.add_title.errors = [f"{found.title} is already in the list."]
        return
    targets = positions.default_targets(seniority)
    target = form.add_target.data
    form.requirements.append_entry(
        {
            "id": found.id,
            "weight": form.add_weight.data,
            "target": targets[form.add_weight.data] if target is None else target,
        }
    )
    form.add_title.data, form.add_title.raw_data = "", []
    form.add_target.data, form.add_target.raw_data = None, []


@bp.route("/orgs/<int:org_id>/positions/from-jd/save", methods=["POST"])
@login_required
def save_proposal(org_id: int) -> Page:
    """Save a reviewed proposal as a position, or add a requirement and review again."""
    org = access.recruiting_org(org_id)
    form = ReviewForm(prefix="r")
    if not form.text.data:  # without the job description there is nothing to review
        flash("The job description did not come through; paste it again.", "error")
        return redirect(url_for("recruiting.new_position", org_id=org.id))
    if not form.validate_on_submit():
        return _review_page(org, form)
    if "add" in request.form or (form.add_title.data or "").strip():  # Enter in its field
        add_requirement(form, form.seniority.data)
        return _review_page(org, form)
    reviewed = _reviewed(form)
    if isinstance(reviewed, str):
        form.form_errors.append(reviewed)
        return _review_page(org, form)
    proposal = positions.proposal_for(form.text.data)
    position = positions.from_jd(
        org,
        current_user,
        settings_of(form),
        text=form.text.data,
        seniority=form.seniority.data,
        reviewed=reviewed,
        uncovered=proposal.uncovered,
    )
    added = [r.id for r in reviewed if r.id not in {p.id for p in proposal.requirements}]
    audit.record(
        "position.created",
        f"position:{position.id}",
        actor=current_user,
        organisation_id=org.id,
        detail="From a job description"
        + (f"; added by the recruiter: {', '.join(added)}" if added else ""),
    )
    db.session.commit()
    flash(f"{position.title} is created. Invite candidates below.")
    return redirect(url_for("recruiting.position", position_id=position.id))
