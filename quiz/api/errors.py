"""The API's errors: always JSON ``{"error": {"code", "message", "details"}}``, never HTML.

Views raise ``ApiError``; the blueprint's handler (``quiz.api.routes``) answers it. Errors
raised outside the views (an unknown ``/api/v1/…`` path, a wrong method, a rate limit, a server
error) are answered in the same shape by the site's handlers in ``quiz.core.errors``, which
recognise the API's paths.
"""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify
from pydantic import BaseModel, Field


class ErrorDetail(BaseModel):
    """What went wrong: a stable code for programs, a message for people, optional details."""

    code: str = Field(description="A stable, snake_case error code.")
    message: str = Field(description="What went wrong and what to do, in plain language.")
    details: Any = Field(default=None, description="Extra data: field errors, a needed scope.")


class ErrorBody(BaseModel):
    """Every error response of the API."""

    error: ErrorDetail


class ApiError(Exception):
    """An error answer with an HTTP status, a code, a message and optional details."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        details: Any = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.headers = headers or {}


def error_response(
    status: int, code: str, message: str, details: Any = None
) -> tuple[Response, int]:
    """The JSON error body with its status."""
    return jsonify(error={"code": code, "message": message, "details": details}), status


def not_found(what: str) -> ApiError:
    """404 for something that does not exist or that the token's owner may not see."""
    return ApiError(404, "not_found", f"There is no {what} with this id that you can see.")
