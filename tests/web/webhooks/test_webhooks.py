"""Webhooks: owners register them; a submission is delivered to a real HTTP receiver, signed,
retried after a failure and logged; RQ on Redis runs the same tries; others get 404."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from quiz.core import queue
from quiz.extensions import db
from quiz.models import CohortMember, Membership, ReportSnapshot, Webhook, WebhookDelivery
from quiz.models.webhooks import DELIVERED, FAILED, PENDING
from quiz.security.inputs import InputError
from quiz.webhooks import delivery
from quiz.webhooks.manage import check_url
from tests.actions import WEBHOOK_SECRET_RE, login, post_form, register_webhook
from tests.receiver import Receiver, signature_ok
from tests.support import rq_queue, work_burst
from tests.worlds.people import Klass, MakeClass, MakeUser

OwnerClient = Callable[[Flask, Klass], FlaskClient]
StudentSubmits = Callable[..., str]
Tries = Callable[[Flask], list[WebhookDelivery]]


def test_a_failed_delivery_is_retried_signed_and_logged(
    extra_app: Callable[..., Flask],
    receiver: Receiver,
    make_class: MakeClass,
    owner_client: OwnerClient,
    student_submits: StudentSubmits,
    tries: Tries,
) -> None:
    app = extra_app(WEBHOOK_RETRY_DELAYS=(0.05, 0.05))
    klass = make_class()
    owner = owner_client(app, klass)
    resp, secret = register_webhook(owner, klass.org_id, receiver.url)
    assert resp.status_code == 201 and secret
    listing = owner.get(f"/orgs/{klass.org_id}/webhooks").get_data(as_text=True)
    assert receiver.url in listing and secret not in listing  # shown once only
    receiver.statuses = [500]
    student_submits(app, klass)
    assert queue.wait_until_idle(10)

    assert len(receiver.received) == 2
    for got in receiver.received:
        assert signature_ok(secret, got)
        assert not signature_ok("whsec_wrong", got)
    first, second = receiver.received
    assert first.body == second.body
    assert first.headers["X-Quiz-Delivery"] == second.headers["X-Quiz-Delivery"]
    payload = json.loads(second.body)
    assert payload["event"] == "attempt.submitted"
    assert payload["delivery_id"] == first.headers["X-Quiz-Delivery"]
    assert payload["organisation_id"] == klass.org_id
    assert set(payload["report"]["readiness"]) >= {"mean", "low", "high"}
    assert payload["report"]["profile"]["id"] == "junior-backend"
    with app.app_context():
        data = db.session.scalar(sa.select(ReportSnapshot.data))
        assert data is not None
    assert payload["report"]["readiness"] == data["readiness"]
    assert [g["id"] for g in payload["report"]["top_gaps"]] == data["gaps"][:3]
    assert set(payload["attempt"]) == {"id", "submitted_at"}  # no token of the attempt
    assert payload["attempt"]["submitted_at"]

    logged = tries(app)
    assert [(t.try_number, t.outcome, t.status_code) for t in logged] == [
        (1, FAILED, 500),
        (2, DELIVERED, 200),
    ]
    assert logged[0].error == "HTTP 500" and logged[0].next_try_at is not None
    assert logged[1].next_try_at is None and logged[1].duration_ms is not None
    with app.app_context():
        hook_id = db.session.scalar(sa.select(Webhook.id))
    page = owner.get(f"/orgs/{klass.org_id}/webhooks/{hook_id}/deliveries")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert html.count(logged[0].delivery_id) == 2
    assert "Failed" in html and "Delivered" in html and "HTTP 500" in html


def test_retries_back_off_and_stop_after_the_last_try(
    app: Flask, make_class: MakeClass, tries: Tries
) -> None:
    klass = make_class()
    with app.app_context():
        hook = Webhook(organisation_id=klass.org_id, url="https://example.invalid/h", secret="s")
        db.session.add(hook)
        db.session.flush()
        row = WebhookDelivery(
            webhook_id=hook.id,
            delivery_id="d-1",
            event="attempt.submitted",
            body="{}",
            try_number=1,
            outcome=PENDING,
        )
        db.session.add(row)
        db.session.commit()
        now = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
        scheduled: list[tuple[int, float]] = []

        def refused(*_: Any) -> delivery.PostResult:
            return delivery.PostResult(None, "ConnectionRefusedError: refused", 3)

        next_id: int | None = row.id
        while next_id is not None:
            following = delivery.run_try(
                next_id,
                clock=lambda: now,
                post=refused,
                schedule=lambda i, d: scheduled.append((i, d)),
            )
            next_id = following.id if following else None
    logged = tries(app)
    assert [t.try_number for t in logged] == [1, 2, 3, 4, 5]
    assert all(t.outcome == FAILED and t.error and "refused" in t.error for t in logged)
    assert [d for _, d in scheduled] == [10, 60, 300, 1800]
    assert [t.next_try_at for t in logged] == [
        now + timedelta(seconds=s) for s in (10, 60, 300, 1800)
    ] + [None]


def test_redirects_are_not_followed(
    app: Flask, receiver: Receiver, make_class: MakeClass, tries: Tries
) -> None:
    klass = make_class()
    receiver.statuses = [302]
    with app.app_context():
        hook = Webhook(organisation_id=klass.org_id, url=receiver.url, secret="s")
        db.session.add(hook)
        db.session.flush()
        row = WebhookDelivery(
            webhook_id=hook.id,
            delivery_id="d-2",
            event="attempt.submitted",
            body="{}",
            try_number=1,
            outcome=PENDING,
        )
        db.session.add(row)
        db.session.commit()
        app.config["WEBHOOK_RETRY_DELAYS"] = ()
        assert delivery.run_try(row.id, schedule=lambda i, d: None) is None
    (logged,) = tries(app)
    assert logged.outcome == FAILED and logged.status_code == 302
    assert logged.error == "HTTP 302: redirects are not followed"
    assert len(receiver.received) == 1  # the Location was never requested


def test_delivery_through_rq_on_redis(
    extra_app: Callable[..., Flask],
    receiver: Receiver,
    make_class: MakeClass,
    owner_client: OwnerClient,
    student_submits: StudentSubmits,
    tries: Tries,
) -> None:
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/2")
    app = extra_app(WEBHOOK_REDIS_URL=url)
    with rq_queue(url, "webhooks") as queue:
        queue.empty()
        klass = make_class()
        _, secret = register_webhook(owner_client(app, klass), klass.org_id, receiver.url)
        student_submits(app, klass)
        assert queue.count == 1 and receiver.received == []  # queued, not sent in the request
        with app.app_context():
            work_burst(queue)
    assert len(receiver.received) == 1 and signature_ok(secret, receiver.received[0])
    assert [(t.outcome, t.status_code) for t in tries(app)] == [(DELIVERED, 200)]


def test_self_practice_and_unhooked_organisations_send_nothing(
    app: Flask,
    receiver: Receiver,
    quiz: Any,
    make_class: MakeClass,
    student_submits: StudentSubmits,
    tries: Tries,
) -> None:
    klass = make_class()
    student_submits(app, klass)  # the organisation has no webhook
    quiz.start()
    quiz.submit()
    assert queue.wait_until_idle(5)
    assert tries(app) == [] and receiver.received == []


def test_a_resubmit_does_not_deliver_twice(
    extra_app: Callable[..., Flask],
    receiver: Receiver,
    make_class: MakeClass,
    owner_client: OwnerClient,
    student_submits: StudentSubmits,
    tries: Tries,
) -> None:
    app = extra_app()
    klass = make_class()
    register_webhook(owner_client(app, klass), klass.org_id, receiver.url)
    student_submits(app, klass)
    assert queue.wait_until_idle(10)
    from quiz.models import Attempt

    with app.app_context():
        attempt = db.session.scalar(sa.select(Attempt))
        snapshot = db.session.scalar(sa.select(ReportSnapshot))
        assert attempt is not None and snapshot is not None
        assert delivery.queue_submitted(attempt, snapshot=snapshot) == 0
    assert len(tries(app)) == 1 and len(receiver.received) == 1


@pytest.mark.parametrize(
    ("url", "local", "message"),
    [
        ("http://example.com/h", True, "must start with https://"),
        ("http://127.0.0.1:9/h", False, "must start with https://"),
        ("ftp://example.com/h", True, "full URL"),
        ("example.com/h", True, "full URL"),
        ("https://user:pw@example.com/h", True, "user name and password"),
        ("https://example.com:99999/h", True, "not a valid URL"),
        ("https://example.com/" + "a" * 2048, True, "at most 2048"),
    ],
)
def test_urls_are_checked(url: str, local: bool, message: str) -> None:
    with pytest.raises(InputError, match=message):
        check_url(url, allow_local_http=local)


def test_allowed_urls() -> None:
    assert check_url(" https://hooks.example.com/x ", allow_local_http=False) == (
        "https://hooks.example.com/x"
    )
    assert check_url("http://localhost:8000/x", allow_local_http=True)
    assert check_url("http://[::1]:8000/x", allow_local_http=True)


def test_a_bad_url_is_a_form_error(
    app: Flask, make_class: MakeClass, owner_client: OwnerClient
) -> None:
    klass = make_class()
    owner = owner_client(app, klass)
    resp, secret = register_webhook(owner, klass.org_id, "http://example.com/h")
    assert resp.status_code == 400 and not secret
    assert "The URL must start with https://." in resp.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Webhook)) == 0


def test_rotate_shows_a_new_secret_once_and_delete_removes_the_hook(
    app: Flask, receiver: Receiver, make_class: MakeClass, owner_client: OwnerClient
) -> None:
    klass = make_class()
    owner = owner_client(app, klass)
    _, first = register_webhook(owner, klass.org_id, receiver.url)
    with app.app_context():
        hook_id = db.session.scalar(sa.select(Webhook.id))
    page = f"/orgs/{klass.org_id}/webhooks"
    resp = post_form(owner, page, f"{page}/{hook_id}/rotate", {})
    match = WEBHOOK_SECRET_RE.search(resp.get_data(as_text=True))
    assert resp.status_code == 201 and match and match.group(1) != first
    with app.app_context():
        stored = db.session.get(Webhook, hook_id)
        assert stored is not None and stored.secret == match.group(1) and stored.rotated_at
    resp = post_form(owner, page, f"{page}/{hook_id}/delete", {})
    assert resp.status_code == 302
    with app.app_context():
        assert db.session.get(Webhook, hook_id) is None


def test_only_owners_of_the_organisation_see_or_change_its_webhooks(
    app: Flask,
    receiver: Receiver,
    make_class: MakeClass,
    make_user: MakeUser,
    owner_client: OwnerClient,
) -> None:
    a = make_class()
    b = make_class("other@example.org")
    register_webhook(owner_client(app, a), a.org_id, receiver.url)
    with app.app_context():
        hook_id = db.session.scalar(sa.select(Webhook.id))
    instructor_id = make_user("inst@example.org", "Inst")
    with app.app_context():
        db.session.add(
            Membership(organisation_id=a.org_id, user_id=instructor_id, role="instructor")
        )
        db.session.commit()
    base = f"/orgs/{a.org_id}/webhooks"
    urls = [base, f"{base}/{hook_id}/deliveries"]
    posts = [base, f"{base}/{hook_id}/rotate", f"{base}/{hook_id}/delete"]
    other = app.test_client()
    login(other, "other@example.org")
    inst = app.test_client()
    login(inst, "inst@example.org")
    for client in (other, inst):
        for url in urls:
            assert client.get(url).status_code == 404, url
        for url in posts:
            assert client.post(url, data={"url": "https://x.example/h"}).status_code in {400, 404}
    anonymous = app.test_client()
    for url in urls:
        assert anonymous.get(url).location.startswith("/login"), url
    # With a valid token too: an instructor of the organisation, another organisation's owner.
    assert post_form(inst, "/home", f"{base}/{hook_id}/rotate", {}).status_code == 404
    assert post_form(inst, "/home", base, {"url": "https://x.example/h"}).status_code == 404
    own = f"/orgs/{b.org_id}/webhooks"
    resp = post_form(other, own, f"{own}/{hook_id}/rotate", {})
    assert resp.status_code == 404
    resp = post_form(other, own, f"{own}/{hook_id}/delete", {})
    assert resp.status_code == 404
    assert other.get(f"{own}/{hook_id}/deliveries").status_code == 404
    with app.app_context():
        assert db.session.get(Webhook, hook_id) is not None
    assert owner_client(app, a).get(base).status_code == 200


def test_the_new_pages_are_valid_html(
    extra_app: Callable[..., Flask],
    receiver: Receiver,
    tmp_path: Path,
    make_class: MakeClass,
    owner_client: OwnerClient,
    student_submits: StudentSubmits,
) -> None:
    from tests.html import duplicate_ids, vnu_errors

    app = extra_app(WEBHOOK_RETRY_DELAYS=(0.01,))
    klass = make_class()
    owner = owner_client(app, klass)
    resp, _ = register_webhook(owner, klass.org_id, receiver.url)
    pages = {"webhooks-secret": resp.get_data(as_text=True)}
    refused, _ = register_webhook(owner, klass.org_id, "http://example.com/")
    pages["webhooks-error"] = refused.get_data(as_text=True)
    receiver.statuses = [500]
    student_submits(app, klass)
    assert queue.wait_until_idle(10)
    with app.app_context():
        hook_id = db.session.scalar(sa.select(Webhook.id))
        member_id = db.session.scalar(sa.select(CohortMember.id))
    pages["webhooks"] = owner.get(f"/orgs/{klass.org_id}/webhooks").get_data(as_text=True)
    pages["deliveries"] = owner.get(f"/orgs/{klass.org_id}/webhooks/{hook_id}/deliveries").get_data(
        as_text=True
    )
    pages["org"] = owner.get(f"/orgs/{klass.org_id}").get_data(as_text=True)
    pages["student-integrity"] = owner.get(
        f"/assignments/{klass.assignment_id}/students/{member_id}"
    ).get_data(as_text=True)
    assert "Integrity context" in pages["student-integrity"]
    assert "HTTP 500" in pages["deliveries"] and "Webhooks" in pages["org"]
    assert {n: duplicate_ids(h) for n, h in pages.items() if duplicate_ids(h)} == {}
    paths = []
    for name, html in pages.items():
        paths.append(tmp_path / f"{name}.html")
        paths[-1].write_text(html, encoding="utf-8")
    assert vnu_errors(paths) == []
