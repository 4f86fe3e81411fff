"""Bearer tokens only: missing, unknown, revoked or expired tokens get 401; a token without
the scope gets 403; a browser session authenticates nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from quiz.api import tokens as apitokens
from quiz.extensions import db
from quiz.models import ApiToken, Attempt
from quiz.models.base import utcnow
from tests.actions import login, rows
from tests.api.helpers import Api, MakeToken, UserWithToken, error_of
from tests.worlds.people import MakeUser


def test_no_token_is_401_with_a_bearer_challenge(client: FlaskClient) -> None:
    resp = client.get("/api/v1/profiles")
    assert resp.status_code == 401
    assert resp.headers["WWW-Authenticate"].startswith("Bearer")
    assert error_of(resp)["code"] == "unauthenticated"


def test_a_browser_session_does_not_authenticate(client: FlaskClient, make_user: MakeUser) -> None:
    make_user("sam@example.org")
    assert login(client, "sam@example.org").status_code == 302
    assert client.get("/account/").status_code == 200  # signed in for the pages
    resp = client.get("/api/v1/profiles")
    assert resp.status_code == 401 and error_of(resp)["code"] == "unauthenticated"
    assert "Set-Cookie" not in resp.headers


@pytest.mark.parametrize("header", ["Basic abc", "Bearer", "Bearer sgq_not-a-real-token", "x"])
def test_malformed_or_unknown_tokens_are_401(client: FlaskClient, header: str) -> None:
    resp = client.get("/api/v1/profiles", headers={"Authorization": header})
    assert resp.status_code == 401
    assert error_of(resp)["code"] in {"unauthenticated", "invalid_token"}


def test_revoked_token_is_401(
    app: Flask, client: FlaskClient, user_with_token: UserWithToken
) -> None:
    uid, token = user_with_token()
    api = Api(client, token)
    assert api.get("/profiles").status_code == 200
    with app.app_context():
        token_id = db.session.scalar(sa.select(ApiToken.id))
        assert apitokens.revoke(uid, token_id)
    resp = api.get("/profiles")
    assert resp.status_code == 401
    error = error_of(resp)
    assert error["code"] == "invalid_token" and "revoked" in error["message"]


def test_expired_token_is_401(
    app: Flask, client: FlaskClient, user_with_token: UserWithToken
) -> None:
    _, token = user_with_token()
    with app.app_context():
        row = db.session.scalar(sa.select(ApiToken))
        row.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    resp = Api(client, token).get("/profiles")
    assert resp.status_code == 401 and "expired" in error_of(resp)["message"]


def test_authenticate_uses_the_given_clock(
    app: Flask, make_user: MakeUser, make_token: MakeToken
) -> None:
    uid = make_user("clock@example.org")
    secret = make_token(uid, days=7)
    with app.app_context():
        now = utcnow()
        assert apitokens.authenticate(secret, now + timedelta(days=6)).user_id == uid
        with pytest.raises(apitokens.TokenRejected, match="expired"):
            apitokens.authenticate(secret, now + timedelta(days=8))


def test_missing_scope_is_403_before_anything_happens(
    app: Flask, client: FlaskClient, user_with_token: UserWithToken
) -> None:
    _, token = user_with_token(scopes=["profiles:read"])
    api = Api(client, token)
    assert api.get("/profiles").status_code == 200
    resp = api.post("/attempts", {"profile_id": "junior-backend"})
    assert resp.status_code == 403
    error = error_of(resp)
    assert error["code"] == "insufficient_scope"
    assert error["details"] == {"required_scope": "attempts:write"}
    assert rows(app, Attempt) == []
    assert api.get("/cohorts").status_code == 403
    assert api.get("/attempts/whatever/report").status_code == 403


def test_token_records_its_last_use_and_stores_only_a_hash(
    app: Flask, client: FlaskClient, user_with_token: UserWithToken
) -> None:
    _, token = user_with_token()
    [before] = rows(app, ApiToken)
    assert before.last_used_at is None
    assert token not in (before.token_hash, before.prefix) and token.startswith(before.prefix)
    assert Api(client, token).get("/profiles").status_code == 200
    [after] = rows(app, ApiToken)
    assert after.last_used_at is not None


def test_create_token_refuses_bad_scopes_and_expiry(app: Flask, make_user: MakeUser) -> None:
    uid = make_user("x@example.org")
    with app.app_context():
        user = db.session.get(apitokens.User, uid)
        now = utcnow()
        with pytest.raises(ValueError, match="scopes"):
            apitokens.create_token(user, "t", ["root:all"], now + timedelta(days=1), now)
        with pytest.raises(ValueError, match="year"):
            apitokens.create_token(user, "t", ["profiles:read"], now + timedelta(days=400), now)
        with pytest.raises(ValueError, match="year"):
            apitokens.create_token(user, "t", ["profiles:read"], now, now)
    assert rows(app, ApiToken) == []
