"""The landing page: what the product is, and where each kind of visitor starts."""

from __future__ import annotations

from flask import Blueprint, render_template

from quiz.core.content import current_content

bp = Blueprint("landing", __name__)


@bp.route("/")
def index() -> str:
    """What the product is, and where to start."""
    content = current_content()
    return render_template(
        "landing/index.html",
        area_count=len(set(content.item_area.values())),
        item_count=len(content.items),
    )
