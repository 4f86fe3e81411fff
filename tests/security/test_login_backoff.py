"""Log-in back-off per email and client address, on a frozen clock; no account enumeration
through the log-in, sign-up or reset answers."""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Callable

import redis
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.actions import PASSWORD, post_form
from tests.worlds.people import MakeUser

WRONG = "not the password at all"


class FrozenClock:
    """A clock that moves only when told."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def _app(extra_app: Callable[..., Flask]) -> tuple[Flask, FrozenClock]:
    clock = FrozenClock()
    app = extra_app(LOGIN_CLOCK=clock, RATELIMIT_ENABLED=False)
    return app, clock


def _login(client: FlaskClient, email: str, password: str) -> TestResponse:
    resp: TestResponse = post_form(
        client, "/login", "/login", {"email": email, "password": password}
    )
    return resp


def _message(resp: TestResponse) -> str:
    found = re.search(r'class="field-error"[^>]*>([^<]+)<', resp.get_data(as_text=True))
    return found.group(1).strip() if found else ""


def test_five_failures_lock_the_email_with_a_doubling_window(
    extra_app: Callable[..., Flask], make_user: MakeUser
) -> None:
    app, clock = _app(extra_app)
    make_user("ann@example.org")
    client = app.test_client()
    for _ in range(4):
        resp = _login(client, "ann@example.org", WRONG)
        assert resp.status_code == 400
        assert "do not match an account" in resp.get_data(as_text=True)
    fifth = _login(client, "ann@example.org", WRONG)
    assert fifth.status_code == 429 and fifth.headers["Retry-After"] == "30"
    assert "Too many failed log-ins for this email" in fifth.get_data(as_text=True)
    assert "Wait 30 seconds" in fifth.get_data(as_text=True)
    locked = _login(client, "ann@example.org", PASSWORD)  # even the right password waits
    assert locked.status_code == 429
    assert client.get("/account/").status_code == 302  # still not signed in
    clock.now += 31
    sixth = _login(client, "ann@example.org", WRONG)
    assert sixth.status_code == 429 and sixth.headers["Retry-After"] == "60"
    clock.now += 61
    assert _login(client, "ANN@example.org ", PASSWORD).status_code == 302  # normalised
    assert client.get("/account/").status_code == 200
    # A success forgets the failures: the next wrong password is a plain error again.
    other = app.test_client()
    assert _login(other, "ann@example.org", WRONG).status_code == 400


def test_the_window_is_capped(extra_app: Callable[..., Flask]) -> None:
    app, clock = _app(extra_app)
    client = app.test_client()
    waits = []
    for _ in range(14):
        resp = _login(client, "nobody@example.org", WRONG)
        waits.append(int(resp.headers.get("Retry-After", 0)))
        clock.now += 4000  # past any window: each try counts as a failure
    assert waits[:4] == [0, 0, 0, 0]
    assert waits[4:9] == [30, 60, 120, 240, 480]
    assert waits[-1] == 3600 and max(waits) == 3600


def test_locks_are_per_address(extra_app: Callable[..., Flask], make_user: MakeUser) -> None:
    app, _clock = _app(extra_app)
    make_user("ann@example.org")
    attacker = app.test_client()
    for _ in range(5):
        _login(attacker, "ann@example.org", WRONG)
    assert _login(attacker, "ann@example.org", PASSWORD).status_code == 429
    owner = app.test_client()
    owner.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    assert _login(owner, "ann@example.org", PASSWORD).status_code == 302


def test_guesses_spread_over_many_addresses_meet_a_per_account_delay(
    extra_app: Callable[..., Flask], make_user: MakeUser
) -> None:
    """The probe: 25 addresses × 4 wrong passwords made 100 guesses on one account without a
    lock. Now the account is delayed after 20 failures from anywhere, for a window that grows
    to at most 15 minutes: never a lasting lock, and the owner gets in once it passes."""
    app, clock = _app(extra_app)
    make_user("ann@example.org")
    refused = 0
    for n in range(25):
        attacker = app.test_client()
        attacker.environ_base["REMOTE_ADDR"] = f"198.51.100.{n + 1}"
        for _ in range(4):
            refused += _login(attacker, "ann@example.org", WRONG).status_code == 429
    assert refused >= 75  # at most 20 + a few guesses were checked against the password
    owner = app.test_client()
    owner.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    locked = _login(owner, "ann@example.org", PASSWORD)
    assert locked.status_code == 429
    assert "Too many failed log-ins for this email" in _message(locked)
    assert int(locked.headers["Retry-After"]) <= 900
    clock.now += 901
    assert _login(owner, "ann@example.org", PASSWORD).status_code == 302


def test_unknown_and_known_emails_get_the_same_answers(
    extra_app: Callable[..., Flask], make_user: MakeUser
) -> None:
    app, _clock = _app(extra_app)
    make_user("ann@example.org")
    known, unknown = app.test_client(), app.test_client()
    for attempt in range(7):
        a = _login(known, "ann@example.org", WRONG)
        b = _login(unknown, "nobody@example.org", WRONG)
        assert (a.status_code, a.headers.get("Retry-After")) == (
            b.status_code,
            b.headers.get("Retry-After"),
        ), attempt
        assert _message(a) == _message(b) != "", attempt


def _page_text(resp: TestResponse, email: str) -> str:
    html = resp.get_data(as_text=True).replace(email, "EMAIL")
    return re.sub(r'value="[^"]*"', 'value=""', html)  # CSRF tokens differ per session


def test_signup_and_reset_answer_the_same_for_known_and_unknown_emails(
    extra_app: Callable[..., Flask], make_user: MakeUser
) -> None:
    app, _clock = _app(extra_app)
    make_user("ann@example.org")
    answers = {}
    for email in ("ann@example.org", "new@example.org"):
        client = app.test_client()
        signup = post_form(
            client, "/signup", "/signup", {"name": "N", "email": email, "password": PASSWORD}
        )
        forgot = post_form(client, "/password/forgot", "/password/forgot", {"email": email})
        answers[email] = (
            signup.status_code,
            _page_text(signup, email),
            forgot.status_code,
            _page_text(forgot, email),
        )
    assert answers["ann@example.org"] == answers["new@example.org"]
    assert answers["ann@example.org"][0] == answers["ann@example.org"][2] == 200


REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/5")


def test_with_redis_every_worker_sees_the_lock(extra_app: Callable[..., Flask]) -> None:
    prefix = f"quiz-test-{uuid.uuid4().hex}:"
    clock = FrozenClock()
    settings = {"REDIS_URL": REDIS_URL, "CACHE_KEY_PREFIX": prefix, "LOGIN_CLOCK": clock}
    first = extra_app(RATELIMIT_ENABLED=False, **settings)
    second = extra_app(RATELIMIT_ENABLED=False, **settings)  # another worker process
    assert first.config["CACHE_TYPE"] == "RedisCache"
    store = redis.Redis.from_url(REDIS_URL)
    try:
        client = first.test_client()
        for _ in range(5):
            _login(client, "ann@example.org", WRONG)
        assert store.keys(f"{prefix}login-backoff:*")
        other = second.test_client()
        assert _login(other, "ann@example.org", WRONG).status_code == 429
    finally:
        for key in store.keys(f"{prefix}*"):
            store.delete(key)
