"""Rate limits with Flask-Limiter: named limits in config, one decorator for routes.

``RATE_LIMITS`` in config maps a name to a limit string ("120 per minute; 2000 per hour"); an
operator sets one with ``RATE_LIMIT_<NAME>`` in the environment (``RATE_LIMIT_LOGIN``).
A route opts in with ``@rate_limited("login")``; every route with the same name shares one
counter per key, so a limit holds across the HTML form and the API alike. Counters live in
Redis when ``REDIS_URL`` is set (shared by every worker), in memory otherwise. A breach answers
429 with ``Retry-After``, as a page in the site layout or as JSON with code ``rate_limited``.

Applied: ``answer_save`` (per attempt), ``attempt_events`` (the question page's integrity
events, per attempt), ``login``, ``signup`` and ``password_reset`` (POSTs, per address; a
sign-up to join a class counts ``class_signup`` per join code instead, and every sign-up the
per-address ``signup_ceiling``), ``join_code`` (per account, else address), ``invitation``
(a recruiter invitation or public link, per link), ``invitation_miss`` (links that do not
exist, per address) and ``api`` (``@rate_limited("api", key=per_user_or_address)`` on the API).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Any, TypeVar, cast

from flask import Flask, current_app, request
from flask_limiter.util import get_remote_address
from limits import parse_many

from quiz.extensions import limiter

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_RATE_LIMITS: dict[str, str] = {
    "answer_save": "120 per minute; 3000 per hour",
    "attempt_events": "60 per minute; 1500 per hour",
    "login": "10 per minute; 100 per hour",
    "signup": "5 per minute; 50 per hour",
    # Signing up to join a class (the join link): counted per join code instead, so a class
    # behind one campus address signs up together; the per-address ceiling still holds.
    "class_signup": "60 per minute; 600 per hour",
    "signup_ceiling": "30 per minute; 300 per hour",
    "password_reset": "5 per minute; 20 per hour",
    "join_code": "10 per minute; 100 per hour",
    "invitation": "30 per minute; 500 per hour",  # per link: candidates share office addresses
    # Links that do not exist, per client address: guessing tokens stays slow.
    "invitation_miss": "20 per minute; 200 per hour",
    "api": "300 per minute",
    # Mail an organisation's members send to addresses they type (rosters, invitations,
    # reminders): counted per organisation and per member, before anything is saved.
    "org_mail": "300 per hour",
    "member_mail": "150 per hour",
}


def storage_uri(redis_url: str | None) -> str:
    """Where counters live: Redis when ``REDIS_URL`` is set, else this process's memory."""
    return redis_url if redis_url else "memory://"


def _limit_for(name: str) -> Callable[[], str]:
    def limit_value() -> str:
        return str(current_app.config["RATE_LIMITS"][name])

    return limit_value


def rate_limited(
    name: str,
    key: Callable[[], str] = get_remote_address,
    methods: list[str] | None = None,
    exempt_when: Callable[[], bool] | None = None,
    only_404: bool = False,
) -> Callable[[F], F]:
    """Decorate a view with the named limit from ``RATE_LIMITS``, counted per ``key()``.

    The key defaults to the client address; pass e.g. ``per_view_arg("token")`` to count per
    resource. ``methods`` limits only those methods (e.g. POST on a page that also shows a
    form); ``exempt_when()`` true skips this limit for the request; ``only_404`` counts only
    requests answered 404 (a link that does not exist). The limit string is read on each
    request, so config changes apply at once.
    """
    if name not in DEFAULT_RATE_LIMITS:
        raise KeyError(f"unknown rate limit {name!r}; add it to DEFAULT_RATE_LIMITS")
    decorator = limiter.shared_limit(
        _limit_for(name),
        scope=name,
        key_func=key,
        methods=methods,
        exempt_when=exempt_when,
        deduct_when=(lambda response: response.status_code == 404) if only_404 else None,
    )
    return cast(Callable[[F], F], decorator)


def spend(counters: list[tuple[str, str]], cost: int) -> tuple[int, int] | None:
    """Take ``cost`` from each named limit's counter for its key, only when every one has room.

    ``counters`` holds (limit name, key) pairs. Returns None when taken; otherwise nothing is
    taken and the answer is (index of the first full counter, how many it still allows).
    Counts nothing when rate limiting is off (``RATELIMIT_ENABLED``).
    """
    if not current_app.config.get("RATELIMIT_ENABLED", True) or cost <= 0:
        return None
    strategy = limiter.limiter
    windows = [
        (item, name, key)
        for name, key in counters
        for item in parse_many(current_app.config["RATE_LIMITS"][name])
    ]
    for item, name, key in windows:
        if not strategy.test(item, name, key, cost=cost):
            left = min(
                strategy.get_window_stats(i, n, k).remaining
                for i, n, k in windows
                if (n, k) == (name, key)
            )
            return [c[0] for c in counters].index(name), max(0, left)
    for item, name, key in windows:
        strategy.hit(item, name, key, cost=cost)
    return None


def per_link(arg: str) -> Callable[[], str]:
    """A key function: the URL's ``arg`` alone (an invitation token, a public slug), so
    candidates behind one office address do not slow each other down."""

    def key() -> str:
        return f"link:{(request.view_args or {}).get(arg, '')}"

    return key


def per_view_arg(arg: str) -> Callable[[], str]:
    """A key function: the client address together with the URL's ``arg`` (an attempt token)."""

    def key() -> str:
        value = (request.view_args or {}).get(arg, "")
        return f"{get_remote_address()}:{value}"

    return key


def per_user_or_address() -> str:
    """A key function: the signed-in account (a class behind one NAT address is not one
    client), else the client address."""
    from flask_login import current_user

    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return get_remote_address()


def env_limits(environ: Mapping[str, str]) -> dict[str, str]:
    """Limits set by ``RATE_LIMIT_<NAME>`` variables (``RATE_LIMIT_ANSWER_SAVE="300 per minute"``).

    Raises ``ValueError`` naming the variable when its value is not a limit string.
    """
    out = {}
    for name in DEFAULT_RATE_LIMITS:
        variable = f"RATE_LIMIT_{name.upper()}"
        if variable in environ:
            try:
                parse_many(environ[variable])
            except ValueError as error:
                raise ValueError(
                    f"{variable}={environ[variable]!r} is not a rate limit such as "
                    f"'120 per minute; 3000 per hour' ({error})"
                ) from None
            out[name] = environ[variable]
    return out


def init_app(app: Flask) -> None:
    """Bind the limiter. Each named limit comes from the app's ``RATE_LIMITS``, else from its
    ``RATE_LIMIT_<NAME>`` environment variable, else from ``DEFAULT_RATE_LIMITS``."""
    app.config["RATE_LIMITS"] = {
        **DEFAULT_RATE_LIMITS,
        **env_limits(os.environ),
        **app.config.get("RATE_LIMITS", {}),
    }
    limiter.init_app(app)
