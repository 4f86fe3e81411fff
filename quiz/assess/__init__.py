"""Taking a quiz: choose a role, answer one question per page, submit."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("assess", __name__)

from quiz.assess import routes  # noqa: E402,F401  (registers the views)
