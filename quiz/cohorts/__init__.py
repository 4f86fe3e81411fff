"""Classes: organisations, cohorts, rosters, assignments, the class dashboard, and the
student's home page with their assignments."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("cohorts", __name__)

from quiz.cohorts import dashboard, routes, student  # noqa: E402,F401  (registers the views)
