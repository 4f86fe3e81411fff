"""The cohorts blueprint: staff pages of organisations, cohorts and assignments
(``organisations``), their results (``results``), and the student's pages (``students``).

``create_app`` imports the view modules, which register their views on ``bp``.
"""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint

from quiz.cohorts import zones

bp = Blueprint("cohorts", __name__)


@bp.app_template_filter("in_zone")
def in_zone(moment: datetime | None, zone: str, empty: str = "") -> str:
    """A stored datetime shown in an organisation's time zone, the zone named."""
    return zones.shown(moment, zone, empty)
