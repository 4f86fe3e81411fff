"""Strict response headers, set by Flask-Talisman on every response (pages, JSON, errors).

The Content-Security-Policy allows scripts, styles, images and fetches from this origin only.
There is no ``'unsafe-inline'``: templates carry no inline script, style element or style
attribute. Should one ever be needed, ``<script nonce="{{ csp_nonce() }}">`` uses the
per-request nonce Talisman adds to ``script-src`` and ``style-src``.

Responses are personal unless said otherwise: every response but a static file gets
``Cache-Control: no-store`` when its view set no Cache-Control of its own, so no browser or
proxy keeps an account page, a download, a review or an API answer (the report pages, which
answer 304 from an ETag, say ``private, no-cache`` themselves).
"""

from __future__ import annotations

from flask import Flask, Response, request

from quiz.extensions import talisman

SELF = "'self'"
CONTENT_SECURITY_POLICY: dict[str, str] = {
    "default-src": SELF,
    "script-src": SELF,
    "style-src": SELF,
    "img-src": f"{SELF} data:",
    "font-src": SELF,
    "connect-src": SELF,
    "form-action": SELF,
    "frame-ancestors": "'none'",
    "base-uri": "'none'",
    "object-src": "'none'",
}
REFERRER_POLICY = "strict-origin-when-cross-origin"


def init_app(app: Flask) -> None:
    """Bind Talisman with this app's settings; HSTS and HTTPS redirects only in production."""
    talisman.init_app(
        app,
        force_https=app.config["FORCE_HTTPS"],
        strict_transport_security=app.config["HSTS"],
        strict_transport_security_include_subdomains=False,
        frame_options="DENY",
        content_security_policy=CONTENT_SECURITY_POLICY,
        content_security_policy_nonce_in=["script-src", "style-src"],
        referrer_policy=REFERRER_POLICY,
        session_cookie_secure=bool(app.config.get("SESSION_COOKIE_SECURE")),
        session_cookie_http_only=True,
        session_cookie_samesite="Lax",
        x_content_type_options=True,
    )
    static = (app.static_url_path or "/static").rstrip("/") + "/"

    @app.after_request
    def _no_store(response: Response) -> Response:
        if "Cache-Control" not in response.headers and not request.path.startswith(static):
            response.headers["Cache-Control"] = "no-store"
        return response
