"""The cohorts blueprint: staff pages of organisations, cohorts and assignments
(``organisations``), their results (``results``), and the student's pages (``students``).

``create_app`` imports the view modules, which register their views on ``bp``.
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("cohorts", __name__)
