"""JSON API v1 at ``/api/v1``: bearer tokens only, JSON errors only, OpenAPI 3.1 document.

Each resource is one module in ``quiz.api.resources``; adding one (positions, webhooks) is a
new module, its scope in ``quiz.apitokens.scopes`` and one import line below.
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from quiz.api import auth, docs, errors  # noqa: E402,F401  (hooks, handlers, document)
from quiz.api.resources import (  # noqa: E402,F401  (views)
    attempts,
    cohorts,
    positions,
    profiles,
    webhooks,
)
