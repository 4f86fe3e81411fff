"""Recruiter views of a position's pipeline: the table (sort, filter, CSV), the side-by-side
comparison of 2–4 candidates, and a candidate's page with notes, decision and audit log.

Thin: parse the query or form, call ``quiz.recruiting``, render. Every URL goes through
``quiz.core.access``, so anyone but the position company's owners and recruiters gets a 404.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response as WerkzeugResponse

from quiz.analysis.norms import MIN_PEERS
from quiz.attempts.integrity import integrity_context
from quiz.core import access, audit
from quiz.core.access import login_required
from quiz.core.downloads import attachment
from quiz.models import Position
from quiz.models.base import utcnow
from quiz.recruiting import benchmarks, candidate_view, notes
from quiz.recruiting.compare import MAX_CANDIDATES, MIN_CANDIDATES, MIN_OWN_ITEMS, compare
from quiz.recruiting.fit import wanted_of
from quiz.recruiting.forms import DecisionForm, FilterForm, NoteForm
from quiz.recruiting.notes import DECISION_LABELS
from quiz.recruiting.pipeline import PipelineRow, load_rows, rows_csv, select_rows
from quiz.recruiting.routes import bp
from quiz.recruiting.status import STATUSES
from quiz.security.inputs import MAX_ID

Page = str | WerkzeugResponse | tuple[str, int]


def _filters() -> FilterForm:
    """The filter form bound to the query string (defaults for missing values)."""
    data = MultiDict({"sort": "name", "dir": "asc", "status": "", "decision": ""})
    for key in ("sort", "dir", "status", "decision"):
        if key in request.args:
            data[key] = request.args[key]
    return FilterForm(formdata=data)


def _chosen(position: Position, form: FilterForm) -> list[PipelineRow]:
    return _filtered(load_rows(position, utcnow()), form)


def _filtered(rows: list[PipelineRow], form: FilterForm) -> list[PipelineRow]:
    if not form.validate():
        return rows
    return select_rows(
        rows,
        sort=form.sort.data,
        descending=form.dir.data == "desc",
        status=form.status.data,
        decision=form.decision.data,
    )


@bp.route("/positions/<int:position_id>/pipeline")
@login_required
def pipeline(position_id: int) -> Page:
    """The position's candidates as a table that can be sorted, filtered and exported."""
    position = access.recruiting_position(position_id)
    form = _filters()
    every = load_rows(position, utcnow())
    rows = _filtered(every, form)
    page = render_template(
        "recruiting/pipeline.html",
        position=position,
        rows=rows,
        spread=benchmarks.of_rows(every),
        form=form,
        statuses=STATUSES,
        decisions=DECISION_LABELS,
        problem=request.args.get("problem", ""),
    )
    return (page, 400) if form.errors else page


@bp.route("/positions/<int:position_id>/pipeline.csv")
@login_required
def pipeline_csv(position_id: int) -> Page:
    """The same rows as the table (same sort and filter), as CSV."""
    position = access.recruiting_position(position_id)
    form = _filters()
    rows = _chosen(position, form)
    if form.errors:
        query = request.query_string.decode()
        return redirect(f"{url_for('recruiting.pipeline', position_id=position.id)}?{query}")
    return attachment(rows_csv(rows), "text/csv", f"pipeline-{position.id}.csv")


def _candidate_ids() -> list[int] | str:
    raw = request.args.getlist("candidate")
    if not all(v.isascii() and v.isdigit() and int(v) <= MAX_ID for v in raw):
        return "Choose candidates from the table."
    ids = list(dict.fromkeys(int(v) for v in raw))
    if not MIN_CANDIDATES <= len(ids) <= MAX_CANDIDATES:
        return f"Choose {MIN_CANDIDATES} to {MAX_CANDIDATES} candidates to compare."
    return ids


@bp.route("/positions/<int:position_id>/compare")
@login_required
def compare_candidates(position_id: int) -> Page:
    """2–4 candidates side by side per requirement, with what the intervals allow to say."""
    position = access.recruiting_position(position_id)
    ids = _candidate_ids()
    if isinstance(ids, str):
        return _compare_problem(position, ids)
    rows = load_rows(position, utcnow(), ids)
    if len(rows) != len(ids):
        abort(404)  # a candidate of another position, or none at all
    scored = [r for r in rows if r.levels is not None]
    unscored = [r for r in rows if r.levels is None]
    if len(scored) < MIN_CANDIDATES:
        return _compare_problem(
            position,
            "At least two of the chosen candidates need a result you may see "
            "(submitted, consented, not withdrawn).",
        )
    titles = candidate_view.requirement_titles(position)
    table = compare(
        [r.name for r in scored], [r.levels or {} for r in scored], wanted_of(position.requirements)
    )
    return render_template(
        "recruiting/compare.html",
        position=position,
        candidates=scored,
        unscored=unscored,
        table=table,
        titles=titles,
        statuses=STATUSES,
        min_own=MIN_OWN_ITEMS,
    )


def _compare_problem(position: Position, message: str) -> Page:
    return render_template(
        "recruiting/compare.html", position=position, problem=message, candidates=[]
    ), 400


def candidate_page(invitation_id: int, **forms: object) -> Page:
    """A candidate's page, with any form that came back with errors."""
    invitation = access.recruiting_invitation(invitation_id)
    view = candidate_view.build(invitation, utcnow())
    note_form = forms.pop("note_form", None) or NoteForm(prefix="note")
    decision_form = forms.pop("decision_form", None) or DecisionForm(
        prefix="decision", decision=view.history.decision or ""
    )
    errors = any(getattr(f, "errors", None) for f in (note_form, decision_form))
    body = integrity = standing = norm = None
    if view.row.readiness is not None:
        every = load_rows(invitation.position, utcnow())
        standing = benchmarks.standing(invitation.position, every, view.row.readiness.mean)
    if view.attempt is not None and view.snapshot is not None:
        integrity = integrity_context(view.attempt)
        norm = benchmarks.time_norm(invitation.position, view.attempt)
        note = (
            f"Shared with {invitation.position.organisation.name} for the position "
            f"{invitation.position.title}, with the candidate's consent. Scored against this "
            "position's own requirements, weights and targets."
        )
        body = Markup(
            render_template(
                "reports/_body.html",
                attempt=view.attempt,
                data=candidate_view.report_data(invitation.position, view.snapshot),
                shared=True,
                viewer_note=note,
            )
        )
        context = audit.ViewContext(
            invitation.position.organisation, f"Position {invitation.position.title}"
        )
        audit.record_report_view(view.attempt, current_user, context)
    return render_template(
        "recruiting/candidate.html",
        invitation=invitation,
        position=invitation.position,
        view=view,
        body=body,
        note_form=note_form,
        decision_form=decision_form,
        statuses=STATUSES,
        decisions=DECISION_LABELS,
        integrity=integrity,
        standing=standing,
        norm=norm,
        min_peers=MIN_PEERS,
        min_takers=benchmarks.MIN_TAKERS,
    ), (400 if errors else 200)


@bp.route("/candidates/<int:invitation_id>")
@login_required
def candidate(invitation_id: int) -> Page:
    """One candidate of a pipeline: result (when visible), notes, decision and audit log."""
    return candidate_page(invitation_id)


@bp.route("/candidates/<int:invitation_id>/notes", methods=["POST"])
@login_required
def add_note(invitation_id: int) -> Page:
    """Add a note; it is recorded in the audit log."""
    invitation = access.recruiting_invitation(invitation_id)
    form = NoteForm(prefix="note")
    if not form.validate_on_submit():
        return candidate_page(invitation.id, note_form=form)
    notes.add_note(invitation, current_user, form.body.data.strip())
    flash("Note added.")
    return redirect(url_for("recruiting.candidate", invitation_id=invitation.id, _anchor="notes"))


@bp.route("/candidates/<int:invitation_id>/decision", methods=["POST"])
@login_required
def set_decision(invitation_id: int) -> Page:
    """Set or change the decision; a change is recorded in the audit log."""
    invitation = access.recruiting_invitation(invitation_id)
    form = DecisionForm(prefix="decision")
    if not form.validate_on_submit():
        return candidate_page(invitation.id, decision_form=form)
    changed = notes.set_decision(invitation, current_user, form.decision.data)
    label = DECISION_LABELS[form.decision.data]
    flash(f"Decision: {label}." if changed else f"The decision was already {label}.")
    return redirect(url_for("recruiting.candidate", invitation_id=invitation.id))
