"""The organisation's bank page and the item editor (create, edit, live check, preview)."""

from __future__ import annotations

import random
from typing import Any

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from quiz import access
from quiz.access import login_required
from quiz.authoring import bp
from quiz.authoring.forms import ItemForm, UploadForm
from quiz.bank import question_type
from quiz.bank.editing import FIELDS, Checked, check_item, fields_from_item
from quiz.content import current_content
from quiz.models import Organisation
from quiz.orgbanks import store

Page = str | WerkzeugResponse | tuple[str, int]


@bp.route("/orgs/<int:org_id>/banks")
@login_required
def banks(org_id: int) -> Page:
    """The organisation's items by area, the upload form and a link to write a new item."""
    org = access.teaching_org(org_id)
    content = current_content()
    return render_template(
        "authoring/banks.html",
        org=org,
        items=store.current_items(org_id),
        areas=content.areas,
        form=UploadForm().fill(content),
    )


def _check(org: Organisation, form: ItemForm, editing: store.Current | None) -> Checked:
    """The editor's checks against our banks and the organisation's other items."""
    others = [
        c.item for c in store.current_items(org.id) if editing is None or c.row.id != editing.row.id
    ]
    values = form.values()
    if editing is not None:
        values["id"] = editing.row.item_id
    checked = check_item(values, current_content(), others)
    if editing is None and values["id"] in store.item_ids(org.id):
        checked.add("id", "another item of the organisation has this id")
    return checked


def _preview(item: Any) -> str:
    view = question_type(item).render(item, random.Random(0))
    return render_template("authoring/_preview.html", view=view)


def _editor(org: Organisation, form: ItemForm, editing: store.Current | None) -> Page:
    checked = _check(org, form, editing) if form.is_submitted() else Checked()
    for name, messages in checked.errors.items():
        getattr(form, name).errors = list(messages)
    status = 400 if checked.errors or checked.quality or form.errors else 200
    shown = checked.item if checked.item is not None else (editing.item if editing else None)
    return render_template(
        "authoring/item.html",
        org=org,
        form=form,
        editing=editing,
        fields=FIELDS,
        checked=checked,
        preview=_preview(shown) if shown is not None else None,
        versions=store.versions_of(editing.row) if editing else [],
    ), status


@bp.route("/orgs/<int:org_id>/banks/items/new", methods=["GET", "POST"])
@login_required
def new_item(org_id: int) -> Page:
    """Write a new item; it is saved only when it passes every check."""
    org = access.teaching_org(org_id)
    form = ItemForm().fill(current_content())
    if form.validate_on_submit():
        checked = _check(org, form, None)
        if checked.ok:
            try:
                row = store.create_item(org, form.area.data, checked.item, current_user.id)
            except store.IdTaken:
                form.id.errors = ["another item of the organisation has this id"]
                return _editor(org, form, None)
            flash(f"Item {row.item_id} is saved.")
            return redirect(url_for("authoring.edit_item", org_id=org.id, pk=row.id))
    return _editor(org, form, None)


@bp.route("/orgs/<int:org_id>/banks/items/<int:pk>", methods=["GET", "POST"])
@login_required
def edit_item(org_id: int, pk: int) -> Page:
    """Edit an item: a valid save becomes its new version; past versions stay for reports."""
    org = access.teaching_org(org_id)
    editing = store.find_item(org_id, pk)
    if editing is None:
        abort(404)
    content = current_content()
    if request.method == "GET":
        form = ItemForm(data={**fields_from_item(editing.version.data), "area": editing.area})
        form.fill(content)
        form.difficulty.data = str(editing.version.data["difficulty"])
        return _editor(org, form, editing)
    form = ItemForm().fill(content)
    if form.validate_on_submit():
        checked = _check(org, form, editing)
        if checked.ok:
            try:
                version = store.save_version(editing.row, checked.item, current_user.id)
            except store.IdTaken:
                flash("Someone saved this item at the same moment; check it and save again.")
                return redirect(url_for("authoring.edit_item", org_id=org.id, pk=pk))
            flash(f"Item {editing.row.item_id} is saved as version {version.number}.")
            return redirect(url_for("authoring.edit_item", org_id=org.id, pk=pk))
    return _editor(org, form, editing)


@bp.route("/orgs/<int:org_id>/banks/validate", methods=["POST"])
@login_required
def validate(org_id: int) -> WerkzeugResponse | tuple[WerkzeugResponse, int]:
    """The editor's live check: errors per field, quality notes and the preview, as JSON."""
    org = access.teaching_org(org_id)
    form = ItemForm().fill(current_content())
    if not form.validate_on_submit():
        errors = {name: list(messages) for name, messages in form.errors.items()}
        return jsonify(ok=False, code="invalid_form", errors=errors, quality=[]), 400
    pk = request.args.get("item", type=int)
    editing = store.find_item(org_id, pk) if pk is not None else None
    if pk is not None and editing is None:
        abort(404)
    checked = _check(org, form, editing)
    return jsonify(
        ok=checked.ok,
        errors=checked.errors,
        quality=checked.quality,
        preview=_preview(checked.item) if checked.item is not None else None,
    )
