"""Error pages rendered in the site's layout, or JSON errors with a code for JSON clients.
A user never sees a traceback."""

from __future__ import annotations

import math
import time

from flask import Flask, current_app, jsonify, render_template, request
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

MESSAGES = {
    400: "The request could not be understood. Go back, reload the page and try again.",
    403: "You do not have access to this page.",
    404: "There is nothing at this address. The link may be mistyped or no longer valid.",
    405: "That action is not available at this address.",
    409: "That action conflicts with the current state of your quiz.",
    413: "What you sent is too large: a request may carry at most {limit} KB. "
    "Shorten it and try again.",
    429: "Too many requests in a short time, so this one was not carried out. "
    "Try again in {retry}.",
    500: "Something went wrong on our side. Your saved answers are safe; try again shortly.",
}
CSRF_MESSAGE = (
    "This form was sent without a valid security token, so nothing was saved. "
    "Go back, reload the page and submit again."
)


API_PREFIX = "/api/"  # the JSON API never answers with an HTML page


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json" or request.path.endswith("/autosave")


def _error(status: int, code: str, title: str, message: str) -> tuple[str | Response, int]:
    if request.path.startswith(API_PREFIX):
        return jsonify(error={"code": code, "message": message, "details": None}), status
    if _wants_json():
        return jsonify(error={"code": code, "message": message}), status
    page = render_template("errors/error.html", status=status, title=title, message=message)
    return page, status


def handle_too_large(exc: HTTPException) -> tuple[str | Response, int]:
    """A body over ``MAX_CONTENT_LENGTH``: say what the limit is."""
    limit = (current_app.config.get("MAX_CONTENT_LENGTH") or 0) // 1024
    return _error(413, "too_large", "Too large", MESSAGES[413].format(limit=limit))


def duration(seconds: int) -> str:
    """A wait in words: "1 second", "45 seconds", "3 minutes", "60 minutes", "5 hours"."""
    count, unit = seconds, "second"
    if seconds >= 2 * 3600:
        count, unit = round(seconds / 3600), "hour"
    elif seconds >= 120:
        count, unit = round(seconds / 60), "minute"
    return f"{count} {unit}{'' if count == 1 else 's'}"


def handle_rate_limit(exc: RateLimitExceeded) -> Response:
    """A rate limit was hit: 429 with ``Retry-After`` in seconds."""
    from quiz.extensions import limiter

    current = limiter.current_limit
    reset = current.window[0] if current is not None else time.time() + 60
    retry = max(1, math.ceil(reset - time.time()))
    message = MESSAGES[429].format(retry=duration(retry))
    body, status = _error(429, "rate_limited", "Slow down", message)
    response = current_app.make_response((body, status))
    response.headers["Retry-After"] = str(retry)
    return response


def handle_http(exc: HTTPException) -> tuple[str | Response, int]:
    """Any HTTP error: its status, a plain-language title and message."""
    status = exc.code or 500
    custom = exc.description if exc.description != type(exc).description else None
    message = custom or MESSAGES.get(status, exc.description or "")
    code = (exc.name or "error").lower().replace(" ", "_")
    body, status = _error(status, code, exc.name, message)
    response = current_app.make_response((body, status))
    allow = dict(exc.get_headers()).get("Allow")
    if allow:  # 405: say which methods the address takes
        response.headers["Allow"] = allow
    return response, status


EXPIRED = "The CSRF token has expired."  # Flask-WTF's reason for a token past its time limit
NOT_RESENT = ("csrf_token",)  # never carried over; password fields are left out too


def handle_csrf(exc: CSRFError) -> tuple[str | Response, int]:
    """A form without a valid security token. When the token was valid for this session but
    is past its time limit (the page stayed open for hours), a page offers to send the same
    form again with a fresh token: nothing typed is lost. Any other failure (a missing or a
    forged token: possibly another site's request) just says nothing was saved."""
    if exc.description != EXPIRED or _wants_json() or request.path.startswith(API_PREFIX):
        return _error(400, "csrf_failed", "Form expired", CSRF_MESSAGE)
    fields = [
        (name, value)
        for name, values in request.form.lists()
        if name not in NOT_RESENT and "password" not in name
        for value in values
    ]
    page = render_template(
        "errors/resubmit.html",
        action=request.path,
        fields=fields,
        dropped=bool(request.files) or any("password" in n for n in request.form),
    )
    return page, 400


def init_app(app: Flask) -> None:
    """Register the handlers."""
    app.register_error_handler(CSRFError, handle_csrf)
    app.register_error_handler(RateLimitExceeded, handle_rate_limit)
    app.register_error_handler(413, handle_too_large)
    # Unhandled exceptions reach this handler as InternalServerError after Flask logs them.
    app.register_error_handler(HTTPException, handle_http)
