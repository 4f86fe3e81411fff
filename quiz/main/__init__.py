"""Site pages that belong to no workflow: the landing page."""

from __future__ import annotations

from flask import Blueprint, render_template

from quiz.content import current_content

bp = Blueprint("main", __name__)


@bp.route("/")
def index() -> str:
    """What the product is, and where to start."""
    content = current_content()
    return render_template(
        "main/index.html",
        area_count=len(set(content.item_area.values())),
        item_count=len(content.items),
    )
