"""Webhooks of an organisation and their delivery log, for the organisation's owners.

The same rules as the webhook pages (``quiz.webhooks.routes``): only owners of the
organisation; anyone else, and another organisation's hook ids, get 404. The URL is checked as
on the page (``quiz.webhooks.manage.check_url``); the secret is in the creation answer only.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask import current_app, g
from pydantic import BaseModel, Field

from quiz.api.errors import ApiError, not_found
from quiz.api.pagination import MAX_ID, PageQuery, after_in_memory, keyset_page
from quiz.api.routes import bp
from quiz.api.spec import operation
from quiz.core import access
from quiz.extensions import db
from quiz.models import Organisation, Webhook, WebhookDelivery
from quiz.models.orgs import OWNER
from quiz.security.inputs import InputError
from quiz.webhooks import manage

SCOPE = "webhooks:write"
TAG = "webhooks"
OWNERS = frozenset({OWNER})
# No ``max`` on the organisation id: the path takes GET and POST, and a converter that
# rejects a value makes Werkzeug answer 405 instead of 404; ``_owned_org`` checks the range.
ORG = "/organisations/<int:org_id>/webhooks"
HOOK = ORG + "/<int(max=2147483647):hook_id>"


class WebhookOut(BaseModel):
    """A webhook: the URL notified of an event (its secret is never shown again)."""

    id: int
    organisation_id: int
    url: str
    event: str
    created_at: datetime
    rotated_at: datetime | None


class WebhookCreated(WebhookOut):
    """A new webhook with its signing secret, shown in this answer only."""

    secret: str = Field(description="Signs each delivery (docs/webhooks.md). Shown once.")


class WebhookIn(BaseModel):
    """The endpoint to notify when an attempt is submitted."""

    url: str = Field(
        min_length=1,
        max_length=manage.MAX_URL,
        description="An HTTPS URL (plain HTTP only to localhost outside production).",
    )


class WebhookPage(BaseModel):
    """A page of an organisation's webhooks, oldest first."""

    items: list[WebhookOut]
    next_cursor: str | None


class DeliveryOut(BaseModel):
    """One try of one delivery; the tries of a delivery share ``delivery_id``."""

    id: int
    delivery_id: str
    event: str
    attempt_id: int | None
    try_number: int
    outcome: str = Field(description='"pending", "delivered" or "failed".')
    scheduled_at: datetime
    attempted_at: datetime | None
    status_code: int | None
    error: str | None
    duration_ms: int | None
    next_try_at: datetime | None


class DeliveryPage(BaseModel):
    """A page of a webhook's delivery tries, newest first."""

    items: list[DeliveryOut]
    next_cursor: str | None


def _owned_org(org_id: int) -> Organisation:
    if org_id > MAX_ID:  # no organisation has it, and no database integer holds it
        raise not_found("organisation")
    return access.membership(org_id, OWNERS).organisation


def _owned_hook(org_id: int, hook_id: int) -> Webhook:
    org = _owned_org(org_id)
    hook = db.session.get(Webhook, hook_id)
    if hook is None or hook.organisation_id != org.id:
        raise not_found("webhook")
    return hook


def _out(hook: Webhook) -> WebhookOut:
    return WebhookOut(
        id=hook.id,
        organisation_id=hook.organisation_id,
        url=hook.url,
        event=hook.event,
        created_at=hook.created_at,
        rotated_at=hook.rotated_at,
    )


@bp.get(ORG)
@operation(SCOPE, TAG, ok=WebhookPage, query=PageQuery)
def list_webhooks(org_id: int, query: PageQuery) -> WebhookPage:
    """List an organisation's webhooks (owners only)."""
    hooks = manage.webhooks_of(_owned_org(org_id))  # at most manage.MAX_HOOKS
    shown, cursor = after_in_memory(hooks, query, lambda h: h.id, int)
    return WebhookPage(items=[_out(h) for h in shown], next_cursor=cursor)


@bp.post(ORG)
@operation(SCOPE, TAG, ok=WebhookCreated, status=201, json=WebhookIn, conflict=True)
def create_webhook(org_id: int, json: WebhookIn) -> tuple[WebhookCreated, int]:
    """Register a webhook for submitted attempts; the answer holds its secret, once."""
    org = _owned_org(org_id)
    allow = not current_app.config.get("PRODUCTION", False)
    try:
        url = manage.check_url(json.url, allow_local_http=allow)
    except InputError as exc:
        raise ApiError(422, "invalid_url", str(exc), {"field": "url"}) from exc
    try:
        hook, secret = manage.create_webhook(org, url)
    except InputError as exc:
        raise ApiError(409, "too_many_webhooks", str(exc)) from exc
    return WebhookCreated(**_out(hook).model_dump(), secret=secret), 201


@bp.delete(HOOK)
@operation(SCOPE, TAG, ok=None, status=204)
def delete_webhook(org_id: int, hook_id: int) -> tuple[str, int]:
    """Delete a webhook and its delivery log; no more deliveries are sent to it."""
    manage.delete_webhook(_owned_hook(org_id, hook_id), g.api_token.user)
    return "", 204


@bp.get(HOOK + "/deliveries")
@operation(SCOPE, TAG, ok=DeliveryPage, query=PageQuery)
def list_deliveries(org_id: int, hook_id: int, query: PageQuery) -> DeliveryPage:
    """A webhook's delivery tries, newest first."""
    hook = _owned_hook(org_id, hook_id)
    statement = sa.select(WebhookDelivery).where(WebhookDelivery.webhook_id == hook.id)
    shown, cursor = keyset_page(
        statement, WebhookDelivery.id, query, lambda d: int(d.id), newest_first=True
    )
    items = [DeliveryOut.model_validate(d, from_attributes=True) for d in shown]
    return DeliveryPage(items=items, next_cursor=cursor)
