"""Organisation banks in the browser: upload with a dry run, the item editor with live
validation and a preview, and the list of an organisation's items."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("authoring", __name__)

from quiz.authoring import routes, upload  # noqa: E402,F401  (registers the views)
