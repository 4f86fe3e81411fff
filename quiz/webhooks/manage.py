"""Register, list, rotate and delete an organisation's webhooks; read their delivery log."""

from __future__ import annotations

import ipaddress
import secrets
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app, has_app_context

from quiz.core import audit
from quiz.extensions import db
from quiz.models import Organisation, User, Webhook, WebhookDelivery
from quiz.models.base import utcnow
from quiz.models.webhooks import ATTEMPT_SUBMITTED, TEST_EVENT
from quiz.security.inputs import InputError
from quiz.webhooks import delivery
from quiz.webhooks.targets import target_problem

MAX_URL = 2048
MAX_HOOKS = 10  # per organisation
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
LOG_ROWS = 200  # tries shown on the deliveries page


def new_secret() -> str:
    """A signing secret with 256 bits of entropy, recognisable by its prefix."""
    return "whsec_" + secrets.token_urlsafe(32)


def check_url(raw: str, *, allow_local_http: bool) -> str:
    """The webhook URL, or ``InputError`` saying what is wrong with it.

    HTTPS is required; plain HTTP only to this machine (localhost, 127.0.0.1, ::1) and only
    when ``allow_local_http`` (development and tests). No user name or password in the URL.
    Where ``WEBHOOK_ALLOW_PRIVATE`` is off (production), the host must resolve to public
    addresses only.
    """
    url = raw.strip()
    if len(url) > MAX_URL:
        raise InputError(f"The URL is at most {MAX_URL} characters.")
    try:
        parts = urlsplit(url)
        if parts.port == 0:
            raise ValueError("port 0")
    except ValueError as exc:
        raise InputError(f"This is not a valid URL ({exc}).") from exc
    host = (parts.hostname or "").lower()
    if parts.scheme not in {"https", "http"} or not host:
        raise InputError("Enter a full URL starting with https://.")
    if parts.username or parts.password:
        raise InputError("Leave the user name and password out of the URL.")
    if parts.scheme == "http" and not (allow_local_http and _is_local(host)):
        raise InputError("The URL must start with https://.")
    if has_app_context() and not current_app.config.get("WEBHOOK_ALLOW_PRIVATE", True):
        problem = target_problem(url)
        if problem is not None:
            raise InputError(problem)
    return url


def _is_local(host: str) -> bool:
    if host in LOCAL_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def webhooks_of(org: Organisation) -> list[Webhook]:
    """The organisation's webhooks, oldest first."""
    return list(
        db.session.scalars(
            sa.select(Webhook).where(Webhook.organisation_id == org.id).order_by(Webhook.id)
        )
    )


def create_webhook(org: Organisation, url: str) -> tuple[Webhook, str]:
    """Register ``url`` (already checked) for attempt submissions; returns it and its secret."""
    if len(webhooks_of(org)) >= MAX_HOOKS:
        raise InputError(f"An organisation has at most {MAX_HOOKS} webhooks; delete one first.")
    secret = new_secret()
    hook = Webhook(organisation_id=org.id, url=url, event=ATTEMPT_SUBMITTED, secret=secret)
    db.session.add(hook)
    db.session.commit()
    return hook, secret


def rotate_secret(hook: Webhook) -> str:
    """Replace the hook's secret; tries from now on are signed with the new one."""
    hook.secret = new_secret()
    hook.rotated_at = utcnow()
    db.session.commit()
    return hook.secret


def delete_webhook(hook: Webhook, actor: User) -> None:
    """Delete the hook and its delivery log; pending tries find no row and stop."""
    audit.record(
        "webhook.deleted",
        f"webhook:{hook.id}",
        actor=actor,
        organisation_id=hook.organisation_id,
        detail=hook.url,
    )
    db.session.delete(hook)
    db.session.commit()


def send_test_event(hook: Webhook, actor: User) -> WebhookDelivery:
    """Queue a ``test`` event to ``hook``: signed, retried and logged like a real delivery,
    with a body shaped like a candidate's (``"test": true``, made-up values)."""
    sample = {
        "test": True,
        "message": "A test event sent from the webhooks page; no candidate is involved.",
        "position": {"id": 0, "title": "Example position", "version": 1},
        "invitation": {"id": 0, "status": "submitted", "position_version": 1},
        "candidate": {"id": 0, "name": "Example Candidate", "email": None, "account_id": None},
        "report": {
            "scored_against": "position",
            "readiness": {"mean": 50.0, "low": 30.0, "high": 70.0, "assessed": 1, "total": 1},
            "top_gaps": [],
        },
    }
    row = delivery.new_delivery(hook, TEST_EVENT, sample)
    audit.record(
        "webhook.tested",
        f"webhook:{hook.id}",
        actor=actor,
        organisation_id=hook.organisation_id,
        detail=f"Test event {row.delivery_id}",
    )
    delivery.send_all([row])
    return row


def deliveries_of(hook: Webhook) -> list[WebhookDelivery]:
    """The hook's newest tries, newest first."""
    return list(
        db.session.scalars(
            sa.select(WebhookDelivery)
            .where(WebhookDelivery.webhook_id == hook.id)
            .order_by(WebhookDelivery.id.desc())
            .limit(LOG_ROWS)
        )
    )
