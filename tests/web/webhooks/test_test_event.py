"""“Send a test event”: signed like a real delivery, received by a real server, logged and
audited; deleting a webhook asks for confirmation first (a page that works without
JavaScript)."""

from __future__ import annotations

import json

import sqlalchemy as sa
from flask import Flask

from quiz.core import queue
from quiz.extensions import db
from quiz.models import AuditEntry, Webhook, WebhookDelivery
from tests.actions import post_form, register_webhook, rows
from tests.receiver import Receiver, signature_ok
from tests.web.webhooks.conftest import OwnerClient
from tests.worlds.people import MakeClass


def test_a_test_event_is_signed_received_and_logged(
    app: Flask, receiver: Receiver, make_class: MakeClass, owner_client: OwnerClient
) -> None:
    klass = make_class()
    owner = owner_client(app, klass)
    _, secret = register_webhook(owner, klass.org_id, receiver.url)
    with app.app_context():
        hook_id = db.session.scalar(sa.select(Webhook.id))
    page = f"/orgs/{klass.org_id}/webhooks"
    assert "Send a test event" in owner.get(page).get_data(as_text=True)
    resp = post_form(owner, page, f"{page}/{hook_id}/test", {})
    assert resp.status_code == 302 and resp.location.endswith(f"/{hook_id}/deliveries")
    assert queue.wait_until_idle(10)
    (got,) = receiver.received
    assert signature_ok(secret, got) and got.headers["X-Quiz-Event"] == "test"
    body = json.loads(got.body)
    assert body["test"] is True and body["event"] == "test"
    assert body["organisation_id"] == klass.org_id
    (row,) = rows(app, WebhookDelivery)
    assert row.event == "test" and row.outcome == "delivered" and row.status_code == 200
    log = owner.get(f"{page}/{hook_id}/deliveries").get_data(as_text=True)
    assert row.delivery_id in log
    assert [e.action for e in rows(app, AuditEntry)] == ["webhook.tested"]


def test_delete_asks_first(
    app: Flask, receiver: Receiver, make_class: MakeClass, owner_client: OwnerClient
) -> None:
    klass = make_class()
    owner = owner_client(app, klass)
    register_webhook(owner, klass.org_id, receiver.url)
    with app.app_context():
        hook_id = db.session.scalar(sa.select(Webhook.id))
    page = f"/orgs/{klass.org_id}/webhooks"
    listing = owner.get(page).get_data(as_text=True)
    assert f'href="{page}/{hook_id}/delete"' in listing  # a link to the confirmation, no button
    confirm = owner.get(f"{page}/{hook_id}/delete")
    assert confirm.status_code == 200 and "Delete the webhook" in confirm.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Webhook, hook_id) is not None  # asking deletes nothing
    assert post_form(owner, page, f"{page}/{hook_id}/delete", {}).status_code == 302
    with app.app_context():
        assert db.session.get(Webhook, hook_id) is None
    assert [e.action for e in rows(app, AuditEntry)] == ["webhook.deleted"]
