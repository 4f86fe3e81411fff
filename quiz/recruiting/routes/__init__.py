"""The recruiting blueprint at ``/recruit``: a recruiter's companies, positions and their
settings (``setup``), inviting candidates (``inviting``), the pipeline, comparison and
candidate pages (``screening``), and the candidate's own pages (``candidate``).

``create_app`` imports the view modules, which register their views on ``bp``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint
from flask_login import current_user

from quiz.core import access

bp = Blueprint("recruiting", __name__, url_prefix="/recruit")


@bp.app_context_processor
def _nav() -> dict[str, Callable[[], Any]]:
    """``is_recruiter()`` for the navigation; it queries only when a template calls it."""

    def is_recruiter() -> bool:
        return bool(current_user.is_authenticated and access.recruiting_org_ids(current_user.id))

    return {"is_recruiter": is_recruiter}
