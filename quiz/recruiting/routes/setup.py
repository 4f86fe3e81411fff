"""Recruiter views: companies, positions (from a profile or a job description), settings."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse
from wtforms import SelectChoice

from quiz.core import access
from quiz.core.access import login_required
from quiz.core.content import current_content
from quiz.models import Organisation, Position
from quiz.models.base import utcnow
from quiz.models.orgs import OWNER
from quiz.recruiting import positions, retention
from quiz.recruiting.forms import (
    ActionForm,
    CsvForm,
    JobDescriptionForm,
    PasteForm,
    ProfilePositionForm,
    RetentionForm,
    SettingsForm,
)
from quiz.recruiting.routes import bp
from quiz.recruiting.status import STATUSES, invitation_status

Page = str | WerkzeugResponse | tuple[str, int]


def settings_of(form: SettingsForm) -> positions.Settings:
    """The settings a form holds."""
    return positions.Settings(
        title=form.title.data.strip(),
        mode=form.mode.data,
        time_limit_minutes=form.time_limit_minutes.data,
        review_shown=form.review_shown.data,
        answers_visible=form.answers_visible.data,
        invitation_days=form.invitation_days.data,
    )


@bp.route("/")
@login_required
def index() -> Page:
    """The companies the user recruits for, each with its positions."""
    org_ids = access.recruiting_org_ids(current_user.id)
    if not org_ids:
        abort(404)
    if len(org_ids) == 1:
        return redirect(url_for("recruiting.org", org_id=org_ids[0]))
    orgs = [access.recruiting_org(org_id) for org_id in org_ids]
    return render_template("recruiting/index.html", orgs=orgs)


def _org_page(org: Organisation, retention_form: RetentionForm | None = None) -> Page:
    role = access.membership(org.id).role
    form = retention_form or RetentionForm(retention_days=org.retention_days)
    return render_template(
        "recruiting/org.html",
        org=org,
        role=role,
        positions=positions.positions_of([org.id]),
        retention_form=form,
    ), (400 if form.errors else 200)


@bp.route("/orgs/<int:org_id>")
@login_required
def org(org_id: int) -> Page:
    """A company's positions and, for its owner, the retention setting."""
    return _org_page(access.recruiting_org(org_id))


@bp.route("/orgs/<int:org_id>/retention", methods=["POST"])
@login_required
def set_retention(org_id: int) -> Page:
    """The owner sets how long candidate data is kept."""
    org = access.recruiting_org(org_id)
    if access.membership(org_id).role != OWNER:
        abort(404)
    form = RetentionForm()
    if not form.validate_on_submit():
        return _org_page(org, form)
    retention.set_retention(org, form.retention_days.data)
    flash(f"Candidate data of {org.name} is now kept for {org.retention_days} days.")
    return redirect(url_for("recruiting.org", org_id=org_id))


def _profile_form() -> ProfilePositionForm:
    form = ProfilePositionForm(prefix="p")
    content = current_content()
    form.profile.choices = [SelectChoice(p.id, p.title) for p in content.profiles.values()]
    return form


def _new_page(
    org: Organisation, profile_form: ProfilePositionForm, jd_form: JobDescriptionForm
) -> Page:
    status = 400 if profile_form.errors or jd_form.errors else 200
    return render_template(
        "recruiting/new_position.html", org=org, profile_form=profile_form, jd_form=jd_form
    ), status


@bp.route("/orgs/<int:org_id>/positions/new", methods=["GET", "POST"])
@login_required
def new_position(org_id: int) -> Page:
    """Create a position from a role profile (or go on to paste a job description)."""
    org = access.recruiting_org(org_id)
    form = _profile_form()
    if form.validate_on_submit():
        position = positions.from_profile(org, current_user, form.profile.data, settings_of(form))
        positions.audit_line(position, current_user, "position.created", form.profile.data)
        flash(f"{position.title} is created. Invite candidates below.")
        return redirect(url_for("recruiting.position", position_id=position.id))
    return _new_page(org, form, JobDescriptionForm(prefix="jd"))


def position_page(position: Position, **forms: object) -> Page:
    """The position page, with any forms that came back with errors."""
    settings = forms.pop("settings_form", None) or SettingsForm(prefix="s", obj=position)
    paste = forms.pop("paste_form", None) or PasteForm(
        prefix="paste", days=position.invitation_days
    )
    csv_form = forms.pop("csv_form", None) or CsvForm(prefix="csv", days=position.invitation_days)
    errors = any(getattr(f, "errors", None) for f in (settings, paste, csv_form))
    now = utcnow()
    catalog = current_content().requirements
    return render_template(
        "recruiting/position.html",
        position=position,
        settings_form=settings,
        paste_form=paste,
        csv_form=csv_form,
        action_form=ActionForm(),
        invitations=[(inv, invitation_status(inv, now)) for inv in position.invitations],
        statuses=STATUSES,
        catalog=catalog,
        public_url=url_for("recruiting.public", slug=position.public_slug, _external=True)
        if position.public_slug
        else None,
        **forms,
    ), (400 if errors or forms.get("problem") else 200)


@bp.route("/positions/<int:position_id>")
@login_required
def position(position_id: int) -> Page:
    """A position: its requirements, settings, invitations (the pipeline) and links."""
    return position_page(access.recruiting_position(position_id))


@bp.route("/positions/<int:position_id>/settings", methods=["POST"])
@login_required
def update_settings(position_id: int) -> Page:
    """Change the position's settings."""
    position = access.recruiting_position(position_id)
    form = SettingsForm(prefix="s")
    if not form.validate_on_submit():
        return position_page(position, settings_form=form)
    positions.update_settings(position, settings_of(form))
    positions.audit_line(position, current_user, "position.settings", str(settings_of(form)))
    flash("The settings are saved. Attempts already started keep the settings they began with.")
    return redirect(url_for("recruiting.position", position_id=position_id))


@bp.route("/positions/<int:position_id>/public-link", methods=["POST"])
@login_required
def public_link(position_id: int) -> WerkzeugResponse:
    """Open a new public link, or close it."""
    position = access.recruiting_position(position_id)
    if ActionForm().validate_on_submit():
        enable = request.form.get("enable") == "1"
        positions.set_public_link(position, enable)
        state = "opened" if enable else "closed"
        positions.audit_line(position, current_user, "position.public_link", state)
        flash("A new public link is open." if enable else "The public link is closed.")
    return redirect(url_for("recruiting.position", position_id=position_id))


@bp.route("/positions/<int:position_id>/close", methods=["POST"])
@login_required
def close_position(position_id: int) -> WerkzeugResponse:
    """Close the position to new candidates."""
    position = access.recruiting_position(position_id)
    if ActionForm().validate_on_submit():
        positions.close(position)
        positions.audit_line(position, current_user, "position.closed")
        flash(f"{position.title} is closed; candidates already in it can finish.")
    return redirect(url_for("recruiting.position", position_id=position_id))
