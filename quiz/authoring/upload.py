"""Upload a GIFT or Moodle XML file: a dry run first, then the confirmation saves it."""

from __future__ import annotations

import base64
import binascii

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from quiz import access
from quiz.authoring import bp
from quiz.authoring.forms import ConfirmForm, UploadForm
from quiz.bank.interchange import FormatError
from quiz.content import current_content
from quiz.models import Organisation
from quiz.orgbanks import store
from quiz.orgbanks.upload import MAX_UPLOAD_BYTES, Defaults, dry_run, report_rows, settings_for

Page = str | WerkzeugResponse | tuple[str, int]


def _banks_page(org: Organisation, form: UploadForm, error: str | None = None) -> Page:
    content = current_content()
    return render_template(
        "authoring/banks.html",
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
        report = dry_run(form.fmt.data, data, settings_for(content, org.id, _defaults(form)))
    except FormatError as exc:
        error = f"{filename}, line {exc.line}: {exc.message}. Nothing was saved."
        return _banks_page(org, form, error)
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
        "authoring/upload_report.html",
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
        report = dry_run(form.fmt.data, data, settings_for(content, org.id, defaults))
    except (binascii.Error, FormatError, KeyError):
        return _banks_page(org, retry, "The file could not be read again; upload it again.")
    try:
        saved = store.save_items(org, defaults.area, [i for _, i in report.items], current_user.id)
    except store.IdTaken:
        return _banks_page(org, retry, "These items were saved meanwhile; nothing was saved twice.")
    flash(f"{saved} item(s) saved to {content.areas[defaults.area].title}.")
    return redirect(url_for("authoring.banks", org_id=org.id))
