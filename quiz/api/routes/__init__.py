"""The API blueprint at ``/api/v1``: bearer tokens only (``auth``), JSON errors only, the OpenAPI
3.1 document and its reference page (``docs``), and the role profiles (``profiles``).

The other resources live with their features, each in the feature's ``api`` module
(``quiz.attempts.api``, ``quiz.cohorts.api``, ``quiz.recruiting.api``, ``quiz.webhooks.api``),
and add their views to this ``bp``; a new resource is such a module, its scope in
``quiz.api.scopes`` and one import line in ``create_app``, which imports every view module
before it registers ``bp``.
"""

from __future__ import annotations

from flask import Blueprint, Response

from quiz.api.errors import ApiError, error_response

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.errorhandler(ApiError)
def handle_api_error(exc: ApiError) -> tuple[Response, int, dict[str, str]]:
    """Answer an ``ApiError`` raised by a view or a hook."""
    body, status = error_response(exc.status, exc.code, exc.message, exc.details)
    return body, status, exc.headers
