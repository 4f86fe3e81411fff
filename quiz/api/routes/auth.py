"""Who is calling: a personal access token in ``Authorization: Bearer …``, nothing else.

A browser session never authenticates an API call: the request's session is replaced by an
empty one, and Flask-Login's current user becomes the token's owner, so the access checks of
``quiz.core.access`` apply to the API exactly as to the pages. Request bodies must be JSON.
"""

from __future__ import annotations

import json
from typing import Any, cast

from flask import Flask, Request, Response, g, request
from flask.blueprints import BlueprintSetupState

from quiz.api.errors import ApiError
from quiz.api.routes import bp
from quiz.api.tokens import TokenRejected, authenticate
from quiz.extensions import csrf
from quiz.security import rate_limited
from quiz.security.sessions import IssuedSession, RefreshingSessionInterface

PUBLIC_ENDPOINTS = frozenset({"api.openapi", "api.reference", "api.reference_asset"})
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="api"'}

csrf.exempt(bp)  # no cookie authenticates here, so there is no cross-site request to forge
rate_limited("api")(cast(Any, bp))  # Flask-Limiter limits a whole blueprint too


class SessionlessApi(RefreshingSessionInterface):
    """The site's signed-cookie sessions (``quiz.security.sessions``), except under
    ``url_prefix``: there every request gets an empty session that is never saved, so a
    browser's cookie means nothing."""

    def __init__(self, url_prefix: str) -> None:
        self.url_prefix = url_prefix + "/"

    def open_session(self, app: Flask, request: Request) -> IssuedSession | None:
        """An empty session for API paths; the cookie's session elsewhere."""
        if request.path.startswith(self.url_prefix):
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app: Flask, session: Any, response: Response) -> None:
        """Never set a cookie from an API response."""
        if not request.path.startswith(self.url_prefix):
            super().save_session(app, session, response)


@bp.record_once
def _sessionless(state: BlueprintSetupState) -> None:
    app = cast(Flask, state.app)
    app.session_interface = SessionlessApi(str(bp.url_prefix))


@bp.before_request
def authenticate_request() -> None:
    """Check the body's media type and the bearer token; set the token and its owner."""
    _check_body()
    if request.endpoint in PUBLIC_ENDPOINTS:
        return
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise ApiError(
            401,
            "unauthenticated",
            "Send a personal access token: Authorization: Bearer <token>.",
            headers=CHALLENGE,
        )
    try:
        token = authenticate(secret.strip())
    except TokenRejected as exc:
        raise ApiError(401, "invalid_token", str(exc), headers=CHALLENGE) from exc
    g.api_token = token
    g._login_user = token.user  # Flask-Login's current_user for this request


def _check_body() -> None:
    """415 for a body that is not JSON; 400 for JSON that does not parse."""
    if request.method not in {"POST", "PUT", "PATCH"} or not request.get_data(cache=True):
        return
    if request.mimetype != "application/json":
        raise ApiError(
            415,
            "unsupported_media_type",
            "Send the request body as JSON with Content-Type: application/json.",
        )
    try:
        json.loads(request.get_data(cache=True))
    except ValueError as exc:
        raise ApiError(400, "invalid_json", f"The body is not valid JSON: {exc}.") from exc
