"""Webhooks through the API: create (secret shown once), list, delete, the delivery log with
its cursor, the page's URL checks as 422, owners of the organisation only, and the scope."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from quiz.extensions import db
from quiz.models import Membership, Webhook, WebhookDelivery
from quiz.webhooks.manage import MAX_HOOKS
from tests.actions import rows
from tests.api.helpers import Api, MakeToken, error_of
from tests.worlds.people import Klass, MakeClass, MakeUser

URL = "https://hooks.example.com/quiz"


def _api(make_token: MakeToken, client: FlaskClient, user_id: int, *scopes: str) -> Api:
    return Api(client, make_token(user_id, scopes or ("webhooks:write",)))


def _path(klass: Klass, rest: str = "") -> str:
    return f"/organisations/{klass.org_id}/webhooks{rest}"


def test_create_list_and_delete(
    app: Flask, client: FlaskClient, make_class: MakeClass, make_token: MakeToken
) -> None:
    klass = make_class()
    api = _api(make_token, client, klass.instructor_id)
    resp = api.post(_path(klass), {"url": f"  {URL}  "})
    assert resp.status_code == 201, resp.get_data(as_text=True)
    made = resp.get_json()
    assert made["url"] == URL and made["event"] == "attempt.submitted"
    assert made["secret"].startswith("whsec_")
    [row] = rows(app, Webhook)
    assert row.id == made["id"] and row.secret == made["secret"] and row.url == URL
    # The secret is shown once: never in the list.
    listed = api.get(_path(klass)).get_json()
    assert [h["id"] for h in listed["items"]] == [made["id"]] and listed["next_cursor"] is None
    assert "secret" not in listed["items"][0]
    assert made["secret"] not in api.get(_path(klass)).get_data(as_text=True)
    gone = api.call("DELETE", _path(klass, f"/{made['id']}"))
    assert gone.status_code == 204 and gone.get_data() == b""
    assert rows(app, Webhook) == []
    again = api.call("DELETE", _path(klass, f"/{made['id']}"))
    assert again.status_code == 404 and error_of(again)["code"] == "not_found"


def test_bad_urls_are_422_with_a_code(
    app: Flask, client: FlaskClient, make_class: MakeClass, make_token: MakeToken
) -> None:
    klass = make_class()
    api = _api(make_token, client, klass.instructor_id)
    cases = {
        "ftp://example.com/x": "https://",
        "http://example.com/x": "must start with https://",
        "https://user:pw@example.com/": "user name and password",
        "https://example.com:0/": "not a valid URL",
    }
    for url, message in cases.items():
        resp = api.post(_path(klass), {"url": url})
        assert resp.status_code == 422, url
        error = error_of(resp)
        assert error["code"] == "invalid_url" and message in error["message"], (url, error)
    missing = api.post(_path(klass), {})
    assert missing.status_code == 422 and error_of(missing)["code"] == "validation_failed"
    too_long = api.post(_path(klass), {"url": "https://e.com/" + "a" * 2100})
    assert too_long.status_code == 422 and error_of(too_long)["code"] == "validation_failed"
    assert rows(app, Webhook) == []


def test_the_limit_of_webhooks_is_a_409(
    app: Flask, client: FlaskClient, make_class: MakeClass, make_token: MakeToken
) -> None:
    klass = make_class()
    api = _api(make_token, client, klass.instructor_id)
    for n in range(MAX_HOOKS):
        assert api.post(_path(klass), {"url": f"{URL}/{n}"}).status_code == 201
    resp = api.post(_path(klass), {"url": URL})
    assert resp.status_code == 409 and error_of(resp)["code"] == "too_many_webhooks"
    assert len(rows(app, Webhook)) == MAX_HOOKS
    page = api.get(_path(klass, "?limit=4")).get_json()
    second = api.get(_path(klass, f"?limit=4&cursor={page['next_cursor']}")).get_json()
    ids = [h["id"] for h in page["items"] + second["items"]]
    assert len(ids) == 8 and ids == sorted(ids) and len(set(ids)) == 8


def test_deliveries_are_paginated_newest_first(
    app: Flask, client: FlaskClient, make_class: MakeClass, make_token: MakeToken
) -> None:
    klass = make_class()
    api = _api(make_token, client, klass.instructor_id)
    hook_id = api.post(_path(klass), {"url": URL}).get_json()["id"]
    with app.app_context():
        for n in range(5):
            db.session.add(
                WebhookDelivery(
                    webhook_id=hook_id,
                    delivery_id=f"d-{n}",
                    event="attempt.submitted",
                    body="{}",
                    try_number=1,
                    outcome="failed" if n % 2 else "delivered",
                    status_code=500 if n % 2 else 200,
                )
            )
        db.session.commit()
    first = api.get(_path(klass, f"/{hook_id}/deliveries?limit=2")).get_json()
    assert [d["delivery_id"] for d in first["items"]] == ["d-4", "d-3"]
    assert first["items"][1]["outcome"] == "failed" and first["items"][1]["status_code"] == 500
    seen = [d["delivery_id"] for d in first["items"]]
    cursor = first["next_cursor"]
    while cursor:
        page = api.get(_path(klass, f"/{hook_id}/deliveries?limit=2&cursor={cursor}")).get_json()
        seen += [d["delivery_id"] for d in page["items"]]
        cursor = page["next_cursor"]
    assert seen == ["d-4", "d-3", "d-2", "d-1", "d-0"]
    assert "body" not in first["items"][0]


def test_only_owners_of_the_organisation(
    app: Flask,
    client: FlaskClient,
    make_class: MakeClass,
    make_user: MakeUser,
    make_token: MakeToken,
) -> None:
    ours = make_class("ours@example.org")
    theirs = make_class("theirs@example.org")
    instructor = make_user("inst@example.org")
    with app.app_context():
        db.session.add(
            Membership(organisation_id=ours.org_id, user_id=instructor, role="instructor")
        )
        db.session.commit()
    owner = _api(make_token, client, ours.instructor_id)
    hook_id = owner.post(_path(ours), {"url": URL}).get_json()["id"]
    other_owner = _api(make_token, client, theirs.instructor_id)
    not_owner = _api(make_token, client, instructor)
    for api in (other_owner, not_owner):
        for method, rest in (
            ("GET", ""),
            ("POST", ""),
            ("DELETE", f"/{hook_id}"),
            ("GET", f"/{hook_id}/deliveries"),
        ):
            body = {"url": URL} if method == "POST" else None
            resp = api.call(method, _path(ours, rest), body)
            assert resp.status_code == 404 and error_of(resp)["code"] == "not_found", (method, rest)
    # An id no database integer holds: 404 for every method, not 405.
    for method in ("GET", "POST"):
        resp = owner.call(method, "/organisations/99999999999/webhooks", {"url": URL})
        assert resp.status_code == 404 and error_of(resp)["code"] == "not_found", method
    # Their own organisation, but our hook's id: still 404.
    resp = other_owner.call("DELETE", _path(theirs, f"/{hook_id}"))
    assert resp.status_code == 404
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Webhook.id))) == 1


def test_webhooks_need_their_scope(
    app: Flask, client: FlaskClient, make_class: MakeClass, make_token: MakeToken
) -> None:
    klass = make_class()
    api = _api(make_token, client, klass.instructor_id, "positions:read", "cohorts:read")
    for method, rest in (("GET", ""), ("POST", ""), ("DELETE", "/1"), ("GET", "/1/deliveries")):
        resp = api.call(method, _path(klass, rest), {"url": URL} if method == "POST" else None)
        assert resp.status_code == 403, (method, rest)
        assert error_of(resp)["details"] == {"required_scope": "webhooks:write"}
    assert rows(app, Webhook) == []
