"""The signed-in person's account page: password, data export, deletion."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("account", __name__, url_prefix="/account")

from quiz.account import routes  # noqa: E402,F401  (registers the views)
