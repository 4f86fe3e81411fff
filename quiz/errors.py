"""Error pages rendered in the site's layout, or JSON errors with a code for JSON clients.
A user never sees a traceback."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

MESSAGES = {
    400: "The request could not be understood. Go back, reload the page and try again.",
    403: "You do not have access to this page.",
    404: "There is nothing at this address. The link may be mistyped or no longer valid.",
    405: "That action is not available at this address.",
    409: "That action conflicts with the current state of your quiz.",
    413: "What you sent is too large.",
    500: "Something went wrong on our side. Your saved answers are safe; try again shortly.",
}
CSRF_MESSAGE = (
    "This form was sent without a valid security token, so nothing was saved. "
    "Go back, reload the page and submit again."
)


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json" or request.path.endswith("/autosave")


def _error(status: int, code: str, title: str, message: str) -> tuple[str | Response, int]:
    if _wants_json():
        return jsonify(error={"code": code, "message": message}), status
    page = render_template("errors/error.html", status=status, title=title, message=message)
    return page, status


def handle_http(exc: HTTPException) -> tuple[str | Response, int]:
    """Any HTTP error: its status, a plain-language title and message."""
    status = exc.code or 500
    custom = exc.description if exc.description != type(exc).description else None
    message = custom or MESSAGES.get(status, exc.description or "")
    code = (exc.name or "error").lower().replace(" ", "_")
    return _error(status, code, exc.name, message)


def handle_csrf(exc: CSRFError) -> tuple[str | Response, int]:
    """A form without a valid security token."""
    return _error(400, "csrf_failed", "Form expired", CSRF_MESSAGE)


def init_app(app: Flask) -> None:
    """Register the handlers."""
    app.register_error_handler(CSRFError, handle_csrf)
    # Unhandled exceptions reach this handler as InternalServerError after Flask logs them.
    app.register_error_handler(HTTPException, handle_http)
