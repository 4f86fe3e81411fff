"""Helpers for the API tests: authorised calls and the shape of errors. The tokens they carry
come from the ``make_token`` and ``user_with_token`` fixtures (``tests/api/conftest.py``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from flask.testing import FlaskClient

from quiz.api.scopes import SCOPES

ALL_SCOPES = tuple(SCOPES)


class MakeToken(Protocol):
    """``make_token(user_id, scopes=ALL_SCOPES, days=30, name="test token") -> secret``."""

    def __call__(
        self, user_id: int, scopes: Sequence[str] = ..., days: int = ..., name: str = ...
    ) -> str: ...


class UserWithToken(Protocol):
    """``user_with_token(email="api@example.org", scopes=ALL_SCOPES) -> (id, secret)``."""

    def __call__(self, email: str = ..., scopes: Sequence[str] = ...) -> tuple[int, str]: ...


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
