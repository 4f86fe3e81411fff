"""Recruiting views: positions and invitations for recruiters, consent for candidates."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint
from flask_login import current_user

bp = Blueprint("recruit", __name__, url_prefix="/recruit")


@bp.app_context_processor
def _nav() -> dict[str, Callable[[], Any]]:
    """``is_recruiter()`` for the navigation; it queries only when a template calls it."""
    from quiz import access

    def is_recruiter() -> bool:
        return bool(current_user.is_authenticated and access.recruiting_org_ids(current_user.id))

    return {"is_recruiter": is_recruiter}


from quiz.recruit import (  # noqa: E402,F401  (registers the views)
    candidate,
    invites,
    pipeline_routes,
    positions,
)
