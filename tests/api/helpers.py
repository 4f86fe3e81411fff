"""Helpers for the API tests: tokens straight in the database, and authorised calls."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from quiz.api import tokens as apitokens
from quiz.api.scopes import SCOPES
from quiz.extensions import db
from quiz.models import User
from quiz.models.base import utcnow
from tests.people import make_user

ALL_SCOPES = tuple(SCOPES)


def make_token(
    app: Flask,
    user_id: int,
    scopes: Sequence[str] = ALL_SCOPES,
    days: int = 30,
    name: str = "test token",
) -> str:
    """A new token of ``user_id`` with ``scopes``; returns its secret."""
    with app.app_context():
        user = db.session.get(User, user_id)
        assert user is not None
        created = apitokens.create_token(user, name, scopes, utcnow() + timedelta(days=days))
        return created.secret


def user_with_token(
    app: Flask, email: str = "api@example.org", scopes: Sequence[str] = ALL_SCOPES
) -> tuple[int, str]:
    """A new account and a token of it."""
    uid = make_user(app, email)
    return uid, make_token(app, uid, scopes)


class Api:
    """Calls the API with a bearer token, like any HTTP client (no cookies kept)."""

    def __init__(self, client: FlaskClient, token: str) -> None:
        self.client = client
        self.token = token

    def call(self, method: str, path: str, body: Any = None, **kwargs: Any) -> Any:
        """``method`` on ``/api/v1`` + ``path``; a JSON ``body`` when given."""
        headers = {"Authorization": f"Bearer {self.token}", **kwargs.pop("headers", {})}
        if body is not None:
            kwargs["json"] = body
        return self.client.open(f"/api/v1{path}", method=method, headers=headers, **kwargs)

    def get(self, path: str, **kwargs: Any) -> Any:
        """GET ``path``."""
        return self.call("GET", path, **kwargs)

    def post(self, path: str, body: Any = None, **kwargs: Any) -> Any:
        """POST ``path``."""
        return self.call("POST", path, body, **kwargs)

    def put(self, path: str, body: Any = None, **kwargs: Any) -> Any:
        """PUT ``path``."""
        return self.call("PUT", path, body, **kwargs)


def error_of(resp: Any) -> dict[str, Any]:
    """The error object of an API error answer, checking its shape."""
    assert resp.content_type == "application/json", resp.get_data(as_text=True)
    body = resp.get_json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message", "details"}, body
    assert body["error"]["message"]
    return dict(body["error"])
