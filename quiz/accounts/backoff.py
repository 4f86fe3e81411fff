"""Back-off after repeated failed log-ins, counted per account (the typed email) and client
address.

The first ``LOGIN_FREE_FAILURES`` failures cost nothing; each later one locks that email from
that address for a window that doubles, from ``LOGIN_BACKOFF_SECONDS`` up to
``LOGIN_BACKOFF_MAX_SECONDS``. A successful log-in clears the count. The count is keyed on
the email as typed (normalised), not on an account, so an address without an account is locked
exactly like one with an account: the answer and its timing tell an attacker nothing.

Counts live in the app's cache (Redis when ``REDIS_URL`` is set, shared by every worker). The
clock is ``LOGIN_CLOCK`` in config when set (tests freeze it), else ``time.time``.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable
from typing import Any

from flask import current_app
from flask_limiter.util import get_remote_address

from quiz.extensions import cache


def _now() -> float:
    clock: Callable[[], float] = current_app.config.get("LOGIN_CLOCK") or time.time
    return float(clock())


def _key(email: str) -> str:
    digest = hashlib.sha256(f"{email.strip().lower()}|{get_remote_address()}".encode())
    return f"login-backoff:{digest.hexdigest()}"


def _state(email: str) -> dict[str, Any]:
    found = cache.get(_key(email))
    return found if isinstance(found, dict) else {"failures": 0, "until": 0.0}


def lock_seconds(failures: int) -> int:
    """The lock window after ``failures`` consecutive failures (0 while still free)."""
    config = current_app.config
    over = failures - int(config["LOGIN_FREE_FAILURES"])
    if over < 0:
        return 0
    base, ceiling = int(config["LOGIN_BACKOFF_SECONDS"]), int(config["LOGIN_BACKOFF_MAX_SECONDS"])
    return int(min(ceiling, base * 2 ** min(over, 30)))


def seconds_locked(email: str) -> int:
    """How many seconds this email is still locked from this address (0: it may try)."""
    remaining = float(_state(email)["until"]) - _now()
    return max(0, math.ceil(remaining))


def record_failure(email: str) -> int:
    """Count a failed log-in; returns the lock window it starts (0 while still free)."""
    state = _state(email)
    failures = int(state["failures"]) + 1
    window = lock_seconds(failures)
    keep = int(current_app.config["LOGIN_BACKOFF_MAX_SECONDS"]) * 2
    cache.set(_key(email), {"failures": failures, "until": _now() + window}, timeout=keep)
    return window


def record_success(email: str) -> None:
    """A successful log-in forgets earlier failures."""
    cache.delete(_key(email))
