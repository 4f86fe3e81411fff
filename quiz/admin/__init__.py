"""Site administration pages, for accounts with ``is_admin`` only (others get a 404)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from quiz.admin import routes  # noqa: E402,F401  (registers the views)
