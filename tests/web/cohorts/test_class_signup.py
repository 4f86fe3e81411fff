"""A class signs up together behind one address: sign-ups through a join link are counted
per join code, not per address, and a per-address ceiling still holds for every sign-up."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient

from quiz.models import PendingSignup
from tests.actions import post_form, rows
from tests.worlds.people import Klass, new_class

PASSWORD = "a long enough secret"


def _signup(client: FlaskClient, n: int, next_url: str) -> int:
    data = {
        "name": f"Student {n}",
        "email": f"s{n}@example.org",
        "password": PASSWORD,
        "next": next_url,
    }
    return int(post_form(client, f"/signup?next={next_url}", "/signup", data).status_code)


def test_signups_to_join_a_class_are_limited_per_join_code(
    extra_app: Callable[..., Flask],
) -> None:
    app = extra_app(
        RATE_LIMITS={
            "signup": "2 per minute",
            "class_signup": "4 per minute",
            "signup_ceiling": "5 per minute",
        }
    )
    klass: Klass = new_class(app)
    other: Klass = new_class(app, "other@example.org")
    client = app.test_client()
    join = f"/join/{klass.join_code}"
    assert [_signup(client, n, join) for n in range(4)] == [200] * 4  # past "signup"
    assert _signup(client, 4, f"/join/{other.join_code}") == 200  # another class's code
    assert _signup(client, 5, "") == 429  # the ceiling: a 6th sign-up from this address
    assert len(rows(app, PendingSignup)) == 5
    fresh = extra_app(RATE_LIMITS={"class_signup": "2 per minute"})
    klass = new_class(fresh)
    client = fresh.test_client()
    join = f"/join/{klass.join_code}"
    assert [_signup(client, n, join) for n in range(3)] == [200, 200, 429]


def test_plain_signups_keep_the_per_address_limit(extra_app: Callable[..., Flask]) -> None:
    app = extra_app(RATE_LIMITS={"signup": "2 per minute"})
    client = app.test_client()
    assert [_signup(client, n, "") for n in range(3)] == [200, 200, 429]
    assert [_signup(client, n, "/join/NOSUCHCODE") for n in range(3, 4)] == [429]
