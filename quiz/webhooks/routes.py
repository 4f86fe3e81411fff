"""Webhook settings of an organisation. Each view parses, calls ``quiz.webhooks``, renders."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from quiz.core import access
from quiz.core.access import login_required
from quiz.extensions import db
from quiz.models import Organisation, Webhook
from quiz.models.orgs import OWNER
from quiz.models.webhooks import EVENTS
from quiz.security.inputs import InputError
from quiz.webhooks import manage
from quiz.webhooks.forms import ActionForm, WebhookForm

bp = Blueprint("webhooks", __name__)

Page = str | WerkzeugResponse | tuple[str, int]
OWNERS = frozenset({OWNER})


def _owned_org(org_id: int) -> Organisation:
    return access.membership(org_id, OWNERS).organisation


def _owned_hook(org_id: int, hook_id: int) -> tuple[Organisation, Webhook]:
    org = _owned_org(org_id)
    hook = db.session.get(Webhook, hook_id)
    if hook is None or hook.organisation_id != org.id:
        abort(404)
    return org, hook


def _page(org: Organisation, form: WebhookForm, secret: tuple[Webhook, str] | None = None) -> Page:
    status = 400 if form.errors else (201 if secret else 200)
    return render_template(
        "webhooks/webhooks.html",
        org=org,
        hooks=manage.webhooks_of(org),
        form=form,
        action_form=ActionForm(),
        events=EVENTS,
        new_secret=secret,
    ), status


@bp.route("/orgs/<int:org_id>/webhooks")
@login_required
def webhooks(org_id: int) -> Page:
    """The organisation's webhooks and a form to add one."""
    return _page(_owned_org(org_id), WebhookForm())


@bp.route("/orgs/<int:org_id>/webhooks", methods=["POST"])
@login_required
def create(org_id: int) -> Page:
    """Register a webhook; its secret is shown on the answer page, once."""
    org = _owned_org(org_id)
    form = WebhookForm()
    if form.validate_on_submit():
        try:
            hook, secret = manage.create_webhook(org, form.url.data)
        except InputError as exc:
            form.url.errors = [str(exc)]
            return _page(org, form)
        return _page(org, WebhookForm(formdata=None), (hook, secret))
    return _page(org, form)


@bp.route("/orgs/<int:org_id>/webhooks/<int:hook_id>/rotate", methods=["POST"])
@login_required
def rotate(org_id: int, hook_id: int) -> Page:
    """Give the webhook a new secret, shown once."""
    org, hook = _owned_hook(org_id, hook_id)
    if not ActionForm().validate_on_submit():
        flash("The form expired; press the button again.", "error")
        return redirect(url_for("webhooks.webhooks", org_id=org.id))
    secret = manage.rotate_secret(hook)
    return _page(org, WebhookForm(formdata=None), (hook, secret))


@bp.route("/orgs/<int:org_id>/webhooks/<int:hook_id>/delete", methods=["GET", "POST"])
@login_required
def delete(org_id: int, hook_id: int) -> Page:
    """Confirm, then delete the webhook and its delivery log."""
    org, hook = _owned_hook(org_id, hook_id)
    form = ActionForm()
    if form.validate_on_submit():
        manage.delete_webhook(hook, current_user)
        flash("The webhook is deleted; no more deliveries will be sent to it.")
        return redirect(url_for("webhooks.webhooks", org_id=org.id))
    return render_template("webhooks/delete.html", org=org, hook=hook, form=form)


@bp.route("/orgs/<int:org_id>/webhooks/<int:hook_id>/test", methods=["POST"])
@login_required
def send_test(org_id: int, hook_id: int) -> WerkzeugResponse:
    """Send a signed test event, logged with the real deliveries."""
    org, hook = _owned_hook(org_id, hook_id)
    if ActionForm().validate_on_submit():
        row = manage.send_test_event(hook, current_user)
        flash(f"A test event ({row.delivery_id}) is on its way; its outcome is in the log below.")
        return redirect(url_for("webhooks.deliveries", org_id=org.id, hook_id=hook.id))
    flash("The form expired; press the button again.", "error")
    return redirect(url_for("webhooks.webhooks", org_id=org.id))


@bp.route("/orgs/<int:org_id>/webhooks/<int:hook_id>/deliveries")
@login_required
def deliveries(org_id: int, hook_id: int) -> Page:
    """Every try of every delivery of the webhook, newest first."""
    org, hook = _owned_hook(org_id, hook_id)
    return render_template(
        "webhooks/deliveries.html", org=org, hook=hook, tries=manage.deliveries_of(hook)
    )
