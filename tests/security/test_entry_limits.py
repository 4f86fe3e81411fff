"""Rate limits on the entry points (log-in, sign-up, password reset, join codes, recruiter
invitation links), the limit ready for the API, and ProxyFix: behind a trusted proxy the
limits count the real client address."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask, jsonify
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from quiz.security.limits import per_user_or_address, rate_limited
from tests.actions import login
from tests.support import csrf_from, make_app
from tests.worlds.people import MakeClass, MakeUser

LOW = {
    "login": "2 per minute",
    "signup": "2 per minute",
    "password_reset": "2 per minute",
    "join_code": "2 per minute",
    "invitation": "1 per minute",
    "invitation_miss": "1 per minute",
    "api": "1 per minute",
}


def _post(client: FlaskClient, url: str, data: dict[str, str], **headers: str) -> TestResponse:
    token = csrf_from(client.get("/login").get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data}, headers=headers)


def _assert_429_page(resp: TestResponse) -> None:
    assert resp.status_code == 429, resp.status_code
    assert 1 <= int(resp.headers["Retry-After"]) <= 60
    page = resp.get_data(as_text=True)
    assert "Too many requests" in page and "Back-end Skill Gap" in page  # the site layout


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/login", {"email": "x@example.org", "password": "wrong password"}),
        ("/signup", {"name": "X", "email": "x@example.org", "password": "short"}),
        ("/password/forgot", {"email": "x@example.org"}),
        ("/password/reset/not-a-token", {"password": "a", "confirm": "b"}),
    ],
)
def test_account_entry_points_are_limited(
    extra_app: Callable[..., Flask], url: str, data: dict[str, str]
) -> None:
    app = extra_app(RATE_LIMITS=LOW)
    client = app.test_client()
    for _ in range(2):
        assert _post(client, url, data).status_code != 429
    for _ in range(3):  # showing the form is not counted
        assert client.get(url).status_code in {200, 302}
    _assert_429_page(_post(client, url, data))


def test_reset_request_and_reset_share_one_counter(extra_app: Callable[..., Flask]) -> None:
    app = extra_app(RATE_LIMITS=LOW)
    client = app.test_client()
    _post(client, "/password/forgot", {"email": "x@example.org"})
    _post(client, "/password/reset/not-a-token", {"password": "a"})
    _assert_429_page(_post(client, "/password/forgot", {"email": "x@example.org"}))


def test_429_is_json_for_json_clients(extra_app: Callable[..., Flask]) -> None:
    app = extra_app(RATE_LIMITS=LOW)
    client = app.test_client()
    for _ in range(2):
        _post(client, "/login", {"email": "x@example.org", "password": "p"})
    resp = _post(
        client, "/login", {"email": "x@example.org", "password": "p"}, Accept="application/json"
    )
    assert resp.status_code == 429 and resp.json is not None
    assert resp.json["error"]["code"] == "rate_limited"
    assert int(resp.headers["Retry-After"]) >= 1


def test_join_codes_are_limited_per_account(
    extra_app: Callable[..., Flask], make_class: MakeClass, make_user: MakeUser
) -> None:
    app = extra_app(RATE_LIMITS=LOW)
    make_class()
    make_user("ann@example.org")
    make_user("bob@example.org")
    ann, bob = app.test_client(), app.test_client()
    login(ann, "ann@example.org")
    login(bob, "bob@example.org")
    for _ in range(2):
        assert _post(ann, "/join", {"code": "NOPE1234"}).status_code == 400
    _assert_429_page(_post(ann, "/join", {"code": "NOPE1234"}))
    _assert_429_page(ann.get("/join/NOPE1234"))  # guessing codes through the link is counted
    # Bob, at the same address (a class behind one NAT), has his own counter.
    assert _post(bob, "/join", {"code": "NOPE1234"}).status_code == 400


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("POST", "/recruit/i/guessed-token/consent"),
        ("POST", "/recruit/i/guessed-token/attach"),
        ("POST", "/recruit/i/guessed-token/decline"),
        ("GET", "/recruit/p/guessed-slug"),
        ("POST", "/recruit/p/guessed-slug"),
    ],
)
def test_guessing_any_invitation_or_public_link_shares_one_counter_per_address(
    extra_app: Callable[..., Flask], method: str, url: str
) -> None:
    app = extra_app(RATE_LIMITS=LOW)
    client = app.test_client()
    assert client.get("/recruit/i/guessed-token").status_code == 404  # the one allowed
    token = csrf_from(client.get("/login").get_data(as_text=True))
    _assert_429_page(client.open(url, method=method, data={"csrf_token": token}))


def test_invitation_and_api_limits_are_ready_to_apply(extra_app: Callable[..., Flask]) -> None:
    app = extra_app(RATE_LIMITS=LOW, RATELIMIT_ENABLED=True)

    @rate_limited("invitation")
    def claim() -> str:
        return "claimed"

    @rate_limited("api", key=per_user_or_address)
    def api_ping() -> object:
        return jsonify(ok=True)

    app.add_url_rule("/test-invitation", "test_invitation", claim)
    app.add_url_rule("/test-api", "test_api", api_ping)
    client = app.test_client()
    assert client.get("/test-invitation").status_code == 200
    _assert_429_page(client.get("/test-invitation"))
    assert client.get("/test-api").status_code == 200
    resp = client.get("/test-api", headers={"Accept": "application/json"})
    assert resp.status_code == 429 and resp.json is not None
    assert resp.json["error"]["code"] == "rate_limited"
    with pytest.raises(KeyError, match="unknown rate limit"):
        rate_limited("no-such-limit")


def _login_from(client: FlaskClient, forwarded_for: str) -> int:
    token = csrf_from(client.get("/login").get_data(as_text=True))
    resp = client.post(
        "/login",
        data={"csrf_token": token, "email": "x@example.org", "password": "wrong"},
        headers={"X-Forwarded-For": forwarded_for},
    )
    return resp.status_code


def test_behind_a_trusted_proxy_limits_count_the_client(extra_app: Callable[..., Flask]) -> None:
    app = extra_app(RATE_LIMITS=LOW, TRUSTED_PROXIES="1")
    client = app.test_client()
    assert [_login_from(client, "198.51.100.1") for _ in range(3)] == [400, 400, 429]
    assert _login_from(client, "198.51.100.2") == 400  # another client behind the proxy


def test_without_a_trusted_proxy_forwarded_headers_are_ignored(
    extra_app: Callable[..., Flask],
) -> None:
    app = extra_app(RATE_LIMITS=LOW)
    assert app.config["TRUSTED_PROXIES"] == 0
    client = app.test_client()
    codes = [_login_from(client, f"198.51.100.{n}") for n in range(3)]
    assert codes == [400, 400, 429]  # forging the header does not reset the counter


def test_a_bad_proxy_count_is_a_clear_error(database_uri: str) -> None:
    with pytest.raises(RuntimeError, match="TRUSTED_PROXIES must be a whole number"):
        make_app(database_uri, TRUSTED_PROXIES="nginx")
