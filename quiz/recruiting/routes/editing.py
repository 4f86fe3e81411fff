"""Editing a position: title, requirements (weights, targets, removals, additions from the
catalog), mode, time limit and invitation expiry. Rules in ``quiz.recruiting.editing``."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from quiz.core import access
from quiz.core.access import login_required
from quiz.core.content import current_content
from quiz.models import Position
from quiz.recruiting import editing
from quiz.recruiting.forms import EditPositionForm
from quiz.recruiting.routes import bp
from quiz.recruiting.routes.proposing import add_requirement
from quiz.recruiting.routes.setup import Page


def _form(position: Position) -> EditPositionForm:
    if request.method == "POST":
        return EditPositionForm(prefix="e")
    return EditPositionForm(
        prefix="e",
        formdata=None,
        title=position.title,
        mode=position.mode,
        time_limit_minutes=position.time_limit_minutes,
        invitation_days=position.invitation_days,
        requirements=[
            {"id": r["id"], "weight": r["weight"], "target": r["target"]}
            for r in position.requirements
        ],
    )


def _page(position: Position, form: EditPositionForm) -> Page:
    catalog = current_content().requirements
    listed = {row.form.id.data for row in form.requirements}
    return render_template(
        "recruiting/edit.html",
        position=position,
        form=form,
        catalog=catalog,
        started=editing.started(position),
        titles=sorted(r.title for r in catalog.values() if r.id not in listed),
    ), (400 if form.errors or form.form_errors else 200)


def _edit_of(position: Position, form: EditPositionForm) -> editing.Edit | str:
    catalog = current_content().requirements
    evidence = {str(r["id"]): str(r.get("evidence") or "") for r in position.requirements}
    kept = []
    for row in form.requirements:
        data = row.form
        if data.id.data not in catalog and data.id.data not in evidence:
            return "A requirement is not in the catalog any more; reload the page."
        if not data.remove.data:
            kept.append(
                {
                    "id": data.id.data,
                    "weight": data.weight.data,
                    "target": data.target.data,
                    "evidence": evidence.get(data.id.data, ""),
                }
            )
    if not kept:
        return "Keep at least one requirement; the quiz needs something to assess."
    return editing.Edit(
        form.title.data.strip(),
        form.mode.data,
        form.time_limit_minutes.data,
        form.invitation_days.data,
        kept,
    )


@bp.route("/positions/<int:position_id>/edit", methods=["GET", "POST"])
@login_required
def edit_position(position_id: int) -> Page:
    """Edit the position; after a candidate started, scoring changes make a new version."""
    position = access.recruiting_position(position_id)
    form = _form(position)
    if request.method == "GET" or not form.validate_on_submit():
        return _page(position, form)
    if "add" in request.form or (form.add_title.data or "").strip():  # Enter in its field
        add_requirement(form, position.seniority)
        return _page(position, form)
    edit = _edit_of(position, form)
    if isinstance(edit, str):
        form.form_errors.append(edit)
        return _page(position, form)
    flash(editing.apply(position, edit, current_user))
    return redirect(url_for("recruiting.position", position_id=position.id))
