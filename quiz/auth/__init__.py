"""Signing up, logging in and out, and resetting a forgotten password."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("auth", __name__)

from quiz.auth import routes  # noqa: E402,F401  (registers the views)
