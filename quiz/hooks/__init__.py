"""Organisation settings for webhooks: register, rotate, delete, and read the delivery log.

Only owners of the organisation see these pages; everyone else gets 404.
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("hooks", __name__)

from quiz.hooks import routes  # noqa: E402,F401  (registers the views)
