"""Organisation banks in the browser: the bank page, the item editor (create, edit, live
check, preview), and uploading a GIFT, Moodle XML or Aiken file (a dry run first, then the
confirmation saves it). Reading an upload runs under the time budget ``IMPORT_TIME_BUDGET``."""

from __future__ import annotations

import base64
import binascii
import random
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from quiz.bank import question_type
from quiz.bank.budget import OverBudget
from quiz.bank.editing import FIELDS, Checked, check_item, fields_from_item, suggestions
from quiz.bank.interchange import FormatError
from quiz.core import access
from quiz.core.access import login_required
from quiz.core.content import current_content
from quiz.models import Organisation
from quiz.orgbanks import store
from quiz.orgbanks.forms import ConfirmForm, ItemForm, UploadForm
from quiz.orgbanks.upload import (
    MAX_UPLOAD_BYTES,
    READ_SECONDS,
    Defaults,
    dry_run,
    report_rows,
    settings_for,
)

bp = Blueprint("orgbanks", __name__)

Page = str | WerkzeugResponse | tuple[str, int]


@bp.route("/orgs/<int:org_id>/banks")
@login_required
def banks(org_id: int) -> Page:
    """The organisation's items by area, the upload form and a link to write a new item."""
    org = access.teaching_org(org_id)
    content = current_content()
    return render_template(
        "orgbanks/banks.html",
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
    return render_template("orgbanks/_preview.html", view=view)


def _editor(org: Organisation, form: ItemForm, editing: store.Current | None) -> Page:
    checked = _check(org, form, editing) if form.is_submitted() else Checked()
    if editing is not None and not form.is_submitted():
        checked.suggestions = suggestions(editing.item)
    for name, messages in checked.errors.items():
        getattr(form, name).errors = list(messages)
    status = 400 if checked.errors or checked.quality or form.errors else 200
    shown = checked.item if checked.item is not None else (editing.item if editing else None)
    return render_template(
        "orgbanks/item.html",
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
            return redirect(url_for("orgbanks.edit_item", org_id=org.id, pk=row.id))
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
                return redirect(url_for("orgbanks.edit_item", org_id=org.id, pk=pk))
            flash(f"Item {editing.row.item_id} is saved as version {version.number}.")
            return redirect(url_for("orgbanks.edit_item", org_id=org.id, pk=pk))
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
        suggestions=checked.suggestions,
        preview=_preview(checked.item) if checked.item is not None else None,
    )


def _banks_page(org: Organisation, form: UploadForm, error: str | None = None) -> Page:
    content = current_content()
    return render_template(
        "orgbanks/banks.html",
        org=org,
        items=store.current_items(org.id),
        areas=content.areas,
        form=form,
        upload_error=error,
    ), 400


def _defaults(form: UploadForm | ConfirmForm) -> Defaults:
    difficulty = form.difficulty.data
    return Defaults(
        area=form.area.data,
        requirement=form.requirement.data,
        difficulty=int(difficulty) if difficulty in ("1", "2", "3") else None,
        reference=form.reference.data or None,
    )


def _seconds() -> float:
    return float(current_app.config.get("IMPORT_TIME_BUDGET", READ_SECONDS))


def _too_slow(filename: str, exc: OverBudget) -> str:
    return (
        f"{filename}: reading it took longer than {exc.seconds:g} seconds, so it was stopped. "
        "Nothing was saved. Split it into smaller files and upload them one by one."
    )


@bp.route("/orgs/<int:org_id>/banks/upload", methods=["POST"])
@access.login_required
def upload(org_id: int) -> Page:
    """Read the file and show the dry-run report; nothing is saved yet."""
    org = access.teaching_org(org_id)
    content = current_content()
    form = UploadForm().fill(content)
    if not form.validate_on_submit():
        return _banks_page(org, form)
    data = form.file.data.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        form.file.errors = [f"At most {MAX_UPLOAD_BYTES // 1024} KB."]
        return _banks_page(org, form)
    filename = form.file.data.filename or "the file"
    try:
        settings = settings_for(content, org.id, _defaults(form))
        report = dry_run(form.fmt.data, data, settings, _seconds())
    except FormatError as exc:
        error = f"{filename}, line {exc.line}: {exc.message}. Nothing was saved."
        return _banks_page(org, form, error)
    except OverBudget as exc:
        return _banks_page(org, form, _too_slow(filename, exc))
    confirm = ConfirmForm(
        formdata=None,
        payload=base64.b64encode(data).decode("ascii"),
        fmt=form.fmt.data,
        area=form.area.data,
        requirement=form.requirement.data,
        difficulty=form.difficulty.data or "",
        reference=form.reference.data or "",
    )
    return render_template(
        "orgbanks/upload_report.html",
        org=org,
        filename=filename,
        area_title=content.areas[form.area.data].title,
        report=report,
        rows=report_rows(report),
        confirm=confirm,
    )


@bp.route("/orgs/<int:org_id>/banks/upload/confirm", methods=["POST"])
@access.login_required
def confirm_upload(org_id: int) -> Page:
    """Read the same file with the same settings again and save its items."""
    org = access.teaching_org(org_id)
    content = current_content()
    form = ConfirmForm()
    retry = UploadForm(formdata=None).fill(content)
    scored = {r.id for r in content.requirements.values() if not r.self_declared}
    known = form.area.data in content.areas and form.requirement.data in scored
    if not form.validate_on_submit() or not known:
        return _banks_page(org, retry, "The confirmation was incomplete; upload the file again.")
    try:
        data = base64.b64decode(form.payload.data, validate=True)
        defaults = _defaults(form)
        settings = settings_for(content, org.id, defaults)
        report = dry_run(form.fmt.data, data, settings, _seconds())
    except (binascii.Error, FormatError, KeyError):
        return _banks_page(org, retry, "The file could not be read again; upload it again.")
    except OverBudget as exc:
        return _banks_page(org, retry, _too_slow("The file", exc))
    try:
        saved = store.save_items(org, defaults.area, [i for _, i in report.items], current_user.id)
    except store.IdTaken:
        return _banks_page(org, retry, "These items were saved meanwhile; nothing was saved twice.")
    flash(f"{saved} item(s) saved to {content.areas[defaults.area].title}.")
    return redirect(url_for("orgbanks.banks", org_id=org.id))
