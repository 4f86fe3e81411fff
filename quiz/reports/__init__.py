"""The gap report and the item review of a submitted attempt."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("reports", __name__)

from quiz.reports import routes  # noqa: E402,F401  (registers the views)
