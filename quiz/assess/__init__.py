"""Taking a quiz: choose a role and mode, answer one question per page, submit."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from quiz.models.base import utcnow

bp = Blueprint("assess", __name__)


@bp.context_processor
def _clock() -> dict[str, Any]:
    """Templates of this blueprint know the server's time (timers count from it)."""
    return {"now": utcnow()}


from quiz.assess import events, routes  # noqa: E402,F401  (registers the views)
