"""With private targets off (as in production), a webhook to the server's own network can be
neither registered nor called: a hook that now resolves to such an address is logged, unsent."""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from quiz.core import queue
from quiz.extensions import db
from quiz.models import Webhook, WebhookDelivery
from quiz.models.webhooks import FAILED
from tests.actions import register_webhook
from tests.receiver import Receiver
from tests.worlds.people import Klass, MakeClass

OwnerClient = Callable[[Flask, Klass], FlaskClient]
StudentSubmits = Callable[..., str]
Tries = Callable[[Flask], list[WebhookDelivery]]


def test_a_private_address_cannot_be_registered(
    extra_app: Callable[..., Flask], make_class: MakeClass, owner_client: OwnerClient
) -> None:
    app = extra_app(WEBHOOK_ALLOW_PRIVATE=False)
    klass = make_class()
    owner = owner_client(app, klass)
    for url in ("https://127.0.0.1/hook", "https://localhost:8443/in", "https://10.0.0.7/x"):
        resp, secret = register_webhook(owner, klass.org_id, url)
        html = resp.get_data(as_text=True)
        assert resp.status_code == 400 and not secret
        assert "resolves to a private or reserved address" in html
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Webhook)) == 0


def test_a_hook_that_now_points_inside_is_not_called(
    extra_app: Callable[..., Flask],
    receiver: Receiver,
    make_class: MakeClass,
    owner_client: OwnerClient,
    student_submits: StudentSubmits,
    tries: Tries,
) -> None:
    open_app = extra_app(WEBHOOK_RETRY_DELAYS=())
    klass = make_class()
    resp, secret = register_webhook(owner_client(open_app, klass), klass.org_id, receiver.url)
    assert resp.status_code == 201 and secret  # allowed where private targets are on

    closed_app = extra_app(WEBHOOK_ALLOW_PRIVATE=False, WEBHOOK_RETRY_DELAYS=())
    student_submits(closed_app, klass)
    assert queue.wait_until_idle(10)
    assert receiver.received == []
    logged = tries(closed_app)
    assert [(t.outcome, t.status_code) for t in logged] == [(FAILED, None)]
    assert logged[0].error is not None
    assert logged[0].error.startswith("Not sent: The host 127.0.0.1 resolves to a private")
