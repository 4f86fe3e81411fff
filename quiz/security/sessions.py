"""Signed-cookie sessions that are re-signed when they change, not on every response.

Flask re-signs and re-sends a permanent session's cookie on every response so that its expiry
slides (``SESSION_REFRESH_EACH_REQUEST``). That costs an HMAC and a JSON encoding per request,
on every answer save and report view. Here an unchanged cookie is sent again only once it is
older than ``SESSION_REFRESH_AFTER`` (default one hour): the expiry still slides, at most that
much earlier than with a refresh on every request, against a lifetime of 30 days. A changed
session is saved at once, as before; and while ``SECRET_KEY_FALLBACKS`` is set every response
re-signs the cookie, so a key rotation moves browsers to the new key as quickly as before.
"""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface, SessionMixin
from itsdangerous import BadSignature

DEFAULT_REFRESH_AFTER = timedelta(hours=1)


class IssuedSession(SecureCookieSession):
    """A cookie session that knows when its cookie was signed (None: no valid cookie)."""

    issued_at: float | None = None


class RefreshingSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, with the unchanged cookie refreshed hourly at most."""

    session_class = IssuedSession

    def open_session(self, app: Flask, request: Request) -> IssuedSession | None:
        """The cookie's session, remembering when the cookie was signed."""
        signer = self.get_signing_serializer(app)
        if signer is None:
            return None
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return self.session_class()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        try:
            data, signed = signer.loads(value, max_age=max_age, return_timestamp=True)
        except BadSignature:
            return self.session_class()
        session = self.session_class(data)
        session.issued_at = signed.timestamp()
        return session

    def should_set_cookie(self, app: Flask, session: SessionMixin) -> bool:
        """Set the cookie when the session changed, or when a permanent session's cookie is
        due for a refresh of its expiry."""
        if session.modified:
            return True
        if not (session.permanent and app.config["SESSION_REFRESH_EACH_REQUEST"]):
            return False
        issued: Any = getattr(session, "issued_at", None)
        if issued is None or app.config["SECRET_KEY_FALLBACKS"]:
            return True
        after = app.config.get("SESSION_REFRESH_AFTER", DEFAULT_REFRESH_AFTER)
        return bool(time.time() - issued >= _seconds(after))


def _seconds(value: timedelta | float) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
