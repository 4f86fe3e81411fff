"""Error pages rendered in the site's layout. A user never sees a traceback."""

from __future__ import annotations

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: "The request could not be understood. Go back, reload the page and try again.",
    404: "There is nothing at this address. The link may be mistyped or no longer valid.",
    405: "That action is not available at this address.",
    409: "That action conflicts with the current state of your quiz.",
    413: "What you sent is too large.",
    500: "Something went wrong on our side. Your saved answers are safe; try again shortly.",
}


def _page(status: int, title: str, message: str) -> tuple[str, int]:
    return render_template("errors/error.html", status=status, title=title, message=message), status


def handle_http(exc: HTTPException) -> tuple[str, int]:
    """Any HTTP error: its status, a plain-language title and message."""
    status = exc.code or 500
    message = MESSAGES.get(status, exc.description or "")
    return _page(status, exc.name, message)


def handle_csrf(exc: CSRFError) -> tuple[str, int]:
    """A form without a valid security token."""
    return _page(
        400,
        "Form expired",
        "This form was sent without a valid security token, so nothing was saved. "
        "Go back, reload the page and submit again.",
    )


def init_app(app: Flask) -> None:
    """Register the handlers."""
    app.register_error_handler(CSRFError, handle_csrf)
    # Unhandled exceptions reach this handler as InternalServerError after Flask logs them.
    app.register_error_handler(HTTPException, handle_http)
