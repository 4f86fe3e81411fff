"""The served document is valid OpenAPI 3.1, public, generated from the code, and lists every
operation with its scope, its security and the JSON error answers."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from openapi_spec_validator import validate

from quiz.api.scopes import SCOPES


def test_document_is_valid_openapi_3_1(client: FlaskClient) -> None:
    resp = client.get("/api/v1/openapi.json")
    assert resp.status_code == 200 and resp.content_type == "application/json"
    document = resp.get_json()
    assert document["openapi"] == "3.1.0"
    validate(document)  # raises on any violation of the 3.1 schema


def test_every_operation_has_security_scope_and_error_answers(client: FlaskClient) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    operations = [
        (path, method, op)
        for path, item in document["paths"].items()
        for method, op in item.items()
    ]
    assert {p for p, _, _ in operations} >= {
        "/api/v1/profiles",
        "/api/v1/attempts",
        "/api/v1/attempts/{token}/questions/{number}/answer",
        "/api/v1/attempts/{token}/submit",
        "/api/v1/attempts/{token}/report",
        "/api/v1/cohorts",
        "/api/v1/assignments/{assignment_id}/results",
        "/api/v1/positions",
        "/api/v1/positions/{position_id}/pipeline",
        "/api/v1/organisations/{org_id}/webhooks",
        "/api/v1/organisations/{org_id}/webhooks/{hook_id}/deliveries",
    }
    for path, method, op in operations:
        assert op["security"] == [{"bearerAuth": []}], (path, method)
        assert any(f"`{scope}`" in op["description"] for scope in SCOPES), (path, method)
        assert {"401", "403", "404", "422", "429"} <= set(op["responses"]), (path, method)
    hook = document["paths"]["/api/v1/organisations/{org_id}/webhooks/{hook_id}"]["delete"]
    assert "204" in hook["responses"] and "content" not in hook["responses"]["204"]
    assert (
        "201" in document["paths"]["/api/v1/organisations/{org_id}/webhooks"]["post"]["responses"]
    )
    assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    assert "ErrorBody" in document["components"]["schemas"]


def test_reference_page_uses_local_assets_only(app: Flask, client: FlaskClient) -> None:
    html = client.get("/api/v1/docs").get_data(as_text=True)
    assert "/api/v1/docs/assets/swagger-ui-bundle.js" in html
    assert "http://" not in html.replace("http://localhost", "") and "https://" not in html
    with client.get("/api/v1/docs/assets/swagger-ui-bundle.js") as script:
        assert script.status_code == 200 and b"SwaggerUIBundle" in script.data
    assert client.get("/api/v1/docs/assets/index.html").status_code == 404
    assert "unsafe-inline" not in client.get("/api/v1/docs").headers["Content-Security-Policy"]
