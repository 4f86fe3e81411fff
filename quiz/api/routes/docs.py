"""The OpenAPI document at ``/api/v1/openapi.json`` and the reference page at ``/api/v1/docs``.

The page is Swagger UI from the installed ``swagger-ui-bundle-v2`` package, served from this
site (never a CDN), started by ``static/js/api-reference.js``: the strict CSP holds unchanged.
"""

from __future__ import annotations

from typing import Any

from flask import Response, abort, jsonify, render_template, send_from_directory
from swagger_ui_bundle import swagger_ui_path  # type: ignore[import-untyped]

from quiz.api.pagination import MAX_LIMIT
from quiz.api.routes import bp
from quiz.api.scopes import SCOPES
from quiz.api.spec import api_spec

ASSETS = frozenset({"swagger-ui.css", "swagger-ui-bundle.js"})


def openapi_document() -> dict[str, Any]:
    """The OpenAPI 3.1 document of every API operation (needs an app context)."""
    spec: dict[str, Any] = api_spec.spec
    return spec


@bp.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3.1 document, public so that clients can generate code from it."""
    return jsonify(openapi_document())


@bp.get("/docs")
def reference() -> str:
    """The API reference page."""
    return render_template("api/reference.html", scopes=SCOPES, max_limit=MAX_LIMIT)


@bp.get("/docs/assets/<name>")
def reference_asset(name: str) -> Response:
    """Swagger UI's stylesheet and script, from the installed package."""
    if name not in ASSETS:
        abort(404)
    return send_from_directory(str(swagger_ui_path), name, max_age=86400)
