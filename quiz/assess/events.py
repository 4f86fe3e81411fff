"""The question page reports focus losses, pastes and item views here (JavaScript only)."""

from __future__ import annotations

from flask import jsonify, request
from werkzeug.wrappers import Response as WerkzeugResponse

from quiz.assess import bp, services
from quiz.integrity import EventError, record_events
from quiz.models.base import utcnow
from quiz.security.limits import per_view_arg, rate_limited

MAX_BODY = 8 * 1024  # bytes; a full batch of events is well under 4 KB

JsonPage = WerkzeugResponse | tuple[WerkzeugResponse, int]


def _error(code: str, message: str, status: int = 400) -> tuple[WerkzeugResponse, int]:
    return jsonify(error={"code": code, "message": message}), status


@bp.route("/attempt/<token>/events", methods=["POST"])
@rate_limited("attempt_events", key=per_view_arg("token"))
def events(token: str) -> JsonPage:
    """Store a batch of events of an open attempt; answers JSON (400 with a code when bad)."""
    attempt = services.owned_attempt(token)
    if attempt.is_submitted or attempt.is_expired(utcnow()):
        return _error("attempt_closed", "This quiz has been submitted.", 409)
    if request.content_length is None or request.content_length > MAX_BODY:
        return _error("too_large", f"Send at most {MAX_BODY // 1024} KB of events at a time.")
    payload = request.get_json(silent=True)
    if payload is None:
        return _error("invalid_json", "The body must be JSON (Content-Type: application/json).")
    try:
        stored = record_events(attempt, payload, utcnow())
    except EventError as exc:
        return _error(exc.code, str(exc))
    return jsonify(status="stored", stored=stored)
