"""The account page's API tokens: create (shown once), list, revoke; the forms refuse bad
input with a message; the pages are valid HTML."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from quiz.models import ApiToken
from quiz.models.base import utcnow
from tests.actions import PASSWORD, login, rows
from tests.api.helpers import Api, MakeToken
from tests.html import duplicate_ids, vnu_errors
from tests.support import csrf_from
from tests.worlds.people import MakeUser

SECRET_RE = re.compile(r'id="new-token" type="text" readonly value="(sgq_[^"]+)"')


def _signed_in(make_user: MakeUser, client: FlaskClient, email: str = "sam@example.org") -> int:
    uid = make_user(email)
    assert login(client, email).status_code == 302
    return uid


def _create(client: FlaskClient, **data: object) -> tuple[int, str]:
    html = client.get("/account/").get_data(as_text=True)
    form = {"tok-csrf_token": csrf_from(html), "tok-name": "CI sync", "tok-expiry": "30", **data}
    resp = client.post("/account/tokens", data=form)
    return resp.status_code, resp.get_data(as_text=True)


def test_create_shows_the_secret_once_and_it_works(
    app: Flask, client: FlaskClient, make_user: MakeUser
) -> None:
    uid = _signed_in(make_user, client)
    status, html = _create(client, **{"tok-scopes": ["profiles:read", "reports:read"]})
    assert status == 201
    match = SECRET_RE.search(html)
    assert match, html
    secret = match.group(1)
    [row] = rows(app, ApiToken)
    assert row.user_id == uid and row.name == "CI sync"
    assert row.scopes == ["profiles:read", "reports:read"]
    assert timedelta(days=29) < row.expires_at - utcnow() <= timedelta(days=30)
    again = client.get("/account/").get_data(as_text=True)
    assert secret not in again and row.prefix in again  # listed by its prefix only
    assert Api(app.test_client(), secret).get("/profiles").status_code == 200


def test_custom_expiry_date(app: Flask, client: FlaskClient, make_user: MakeUser) -> None:
    _signed_in(make_user, client)
    day = (utcnow() + timedelta(days=200)).date()
    status, _ = _create(
        client,
        **{"tok-scopes": ["cohorts:read"], "tok-expiry": "custom", "tok-expires_on": str(day)},
    )
    assert status == 201
    [row] = rows(app, ApiToken)
    assert row.expires_at.date() == day


def test_bad_token_forms_say_what_to_fix(
    app: Flask, client: FlaskClient, make_user: MakeUser
) -> None:
    _signed_in(make_user, client)
    status, html = _create(client)
    assert status == 400 and "Choose at least one scope." in html
    far = (utcnow() + timedelta(days=400)).date()
    status, html = _create(
        client,
        **{"tok-scopes": ["profiles:read"], "tok-expiry": "custom", "tok-expires_on": str(far)},
    )
    assert status == 400 and "at most a year away" in html
    status, html = _create(client, **{"tok-scopes": ["profiles:read"], "tok-expiry": "custom"})
    assert status == 400 and "Choose the expiry date." in html
    status, html = _create(client, **{"tok-scopes": ["root:all"]})
    assert status == 400
    assert rows(app, ApiToken) == []


def test_revoke_my_token_but_not_someone_elses(
    app: Flask, client: FlaskClient, make_user: MakeUser, make_token: MakeToken
) -> None:
    uid = _signed_in(make_user, client)
    other = make_user("other@example.org")
    mine = make_token(uid)
    make_token(other)
    [my_row, their_row] = sorted(rows(app, ApiToken), key=lambda t: t.id)
    html = client.get("/account/").get_data(as_text=True)
    token = csrf_from(html)
    resp = client.post(f"/account/tokens/{their_row.id}/revoke", data={"csrf_token": token})
    assert resp.status_code == 404
    assert client.post(f"/account/tokens/{my_row.id}/revoke", data={}).status_code == 400
    resp = client.post(f"/account/tokens/{my_row.id}/revoke", data={"csrf_token": token})
    assert resp.status_code == 302
    revoked = {t.id: t.revoked_at for t in rows(app, ApiToken)}
    assert revoked[my_row.id] is not None and revoked[their_row.id] is None
    assert Api(app.test_client(), mine).get("/profiles").status_code == 401
    assert "Revoked" in client.get("/account/").get_data(as_text=True)


def test_token_pages_are_valid_html(
    client: FlaskClient, tmp_path: Path, make_user: MakeUser, make_token: MakeToken
) -> None:
    uid = _signed_in(make_user, client)
    make_token(uid)
    pages = {}
    pages["account-created"] = _create(client, **{"tok-scopes": ["profiles:read"]})[1]
    pages["account-errors"] = _create(client)[1]
    pages["api-reference"] = client.get("/api/v1/docs").get_data(as_text=True)
    assert {n: duplicate_ids(h) for n, h in pages.items() if duplicate_ids(h)} == {}
    paths = []
    for name, html in pages.items():
        paths.append(tmp_path / f"{name}.html")
        paths[-1].write_text(html, encoding="utf-8")
    assert vnu_errors(paths) == []


def test_export_lists_tokens_without_secrets_and_deletion_removes_them(
    app: Flask, client: FlaskClient, make_user: MakeUser, make_token: MakeToken
) -> None:
    uid = _signed_in(make_user, client)
    secret = make_token(uid, ["reports:read"], name="Exporter")
    [row] = rows(app, ApiToken)
    export = client.get("/account/export.json").get_data(as_text=True)
    assert '"Exporter"' in export and row.prefix in export
    assert secret not in export and row.token_hash not in export
    html = client.get("/account/").get_data(as_text=True)
    data = {"del-csrf_token": csrf_from(html), "del-password": PASSWORD, "del-confirm": "DELETE"}
    assert client.post("/account/delete", data=data).status_code == 302
    assert rows(app, ApiToken) == []
    assert Api(app.test_client(), secret).get("/profiles").status_code == 401
