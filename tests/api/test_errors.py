"""Every API error is JSON ``{"error": {"code", "message", "details"}}`` with the right
status, also for unknown paths, wrong methods, rate limits and server errors: never HTML."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from quiz.api.routes import profiles
from tests.api.helpers import Api, UserWithToken, error_of


@pytest.fixture
def api(client: FlaskClient, user_with_token: UserWithToken) -> Api:
    return Api(client, user_with_token()[1])


def test_400_for_json_that_does_not_parse(api: Api) -> None:
    resp = api.post("/attempts", data="{nope", content_type="application/json")
    assert resp.status_code == 400 and error_of(resp)["code"] == "invalid_json"


def test_400_for_a_forged_cursor(api: Api) -> None:
    for cursor in ("!!!", "eyJ4IjoxfQ", "eyJhZnRlciI6InN0cmluZyJ9"):
        resp = api.get(f"/attempts?cursor={cursor}")
        assert resp.status_code == 400 and error_of(resp)["code"] == "invalid_cursor"


def test_404_for_unknown_api_paths_is_json(api: Api, client: FlaskClient) -> None:
    for resp in (api.get("/no-such-thing"), client.get("/api/v1/nothing/here")):
        assert resp.status_code == 404 and error_of(resp)["code"] == "not_found"


def test_404_for_an_unknown_profile(api: Api) -> None:
    resp = api.get("/profiles/astronaut")
    assert resp.status_code == 404 and error_of(resp)["code"] == "not_found"


def test_405_is_json_and_names_the_allowed_methods(api: Api) -> None:
    resp = api.call("DELETE", "/profiles")
    assert resp.status_code == 405 and error_of(resp)["code"] == "method_not_allowed"
    assert "GET" in resp.headers["Allow"]


def test_409_when_submitting_twice(api: Api) -> None:
    token = api.post("/attempts", {"profile_id": "junior-backend"}).get_json()["token"]
    assert api.post(f"/attempts/{token}/submit").status_code == 200
    resp = api.post(f"/attempts/{token}/submit")
    assert resp.status_code == 409 and error_of(resp)["code"] == "attempt_closed"


def test_415_for_a_body_that_is_not_json(api: Api) -> None:
    resp = api.post("/attempts", data="profile_id=x", content_type="text/plain")
    assert resp.status_code == 415 and error_of(resp)["code"] == "unsupported_media_type"


def test_422_lists_the_field_errors(api: Api) -> None:
    resp = api.get("/profiles?limit=1000")
    error = error_of(resp)
    assert resp.status_code == 422 and error["code"] == "validation_failed"
    assert error["details"][0]["loc"] == ["limit"]


def test_429_is_json_with_retry_after(
    extra_app: Callable[..., Flask], user_with_token: UserWithToken
) -> None:
    app = extra_app(RATE_LIMITS={"api": "2 per minute"})
    api = Api(app.test_client(), user_with_token("limit@example.org")[1])
    assert [api.get("/profiles").status_code for _ in range(2)] == [200, 200]
    resp = api.get("/profiles")
    assert resp.status_code == 429 and error_of(resp)["code"] == "rate_limited"
    assert int(resp.headers["Retry-After"]) >= 1


def test_500_is_json_and_hides_the_traceback(
    app: Flask, api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def broken() -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(profiles, "current_content", broken)
    resp = api.get("/profiles")
    error = error_of(resp)
    assert resp.status_code == 500 and error["code"] == "internal_server_error"
    assert "secret internals" not in resp.get_data(as_text=True)


def test_ids_too_large_for_the_database_are_404_or_400(api: Api) -> None:
    big = 10**30
    resp = api.get(f"/cohorts/{big}")
    assert resp.status_code == 404 and error_of(resp)["code"] == "not_found"
    cursor = base64.urlsafe_b64encode(json.dumps({"after": big}).encode()).decode()
    resp = api.get(f"/attempts?cursor={cursor}")
    assert resp.status_code == 400 and error_of(resp)["code"] == "invalid_cursor"
