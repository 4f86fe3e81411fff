"""Back-off after repeated failed log-ins, counted twice: per account and client address,
and per account from every address.

Per address: the first ``LOGIN_FREE_FAILURES`` failures cost nothing; each later one locks that
email from that address for a window that doubles, from ``LOGIN_BACKOFF_SECONDS`` up to
``LOGIN_BACKOFF_MAX_SECONDS``. Per account: a guesser spread over many addresses (25 addresses
× 4 guesses) meets the same rule after ``LOGIN_ACCOUNT_FREE_FAILURES`` failures from anywhere,
with windows from ``LOGIN_ACCOUNT_BACKOFF_SECONDS`` up to ``LOGIN_ACCOUNT_BACKOFF_MAX_SECONDS``
(15 minutes): a delay, never a lasting lock, so the owner is slowed at worst for minutes and can
always reset the password. A successful log-in or reset clears both counts.

Counts are keyed on the email as typed (normalised), not on an account, so an address without
an account is locked exactly like one with an account: the answer and its timing tell an
attacker nothing. They live in the app's cache (Redis when ``REDIS_URL`` is set, shared by every
worker). The clock is ``LOGIN_CLOCK`` in config when set (tests freeze it), else ``time.time``.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_limiter.util import get_remote_address

from quiz.extensions import cache


@dataclass(frozen=True)
class _Counter:
    """One count of failures: its cache key and its rule's settings."""

    key: str
    free: str  # config names
    base: str
    ceiling: str


def _now() -> float:
    clock: Callable[[], float] = current_app.config.get("LOGIN_CLOCK") or time.time
    return float(clock())


def _counters(email: str) -> tuple[_Counter, _Counter]:
    typed = email.strip().lower()
    here = hashlib.sha256(f"{typed}|{get_remote_address()}".encode()).hexdigest()
    anywhere = hashlib.sha256(typed.encode()).hexdigest()
    return (
        _Counter(
            f"login-backoff:{here}",
            "LOGIN_FREE_FAILURES",
            "LOGIN_BACKOFF_SECONDS",
            "LOGIN_BACKOFF_MAX_SECONDS",
        ),
        _Counter(
            f"login-backoff-account:{anywhere}",
            "LOGIN_ACCOUNT_FREE_FAILURES",
            "LOGIN_ACCOUNT_BACKOFF_SECONDS",
            "LOGIN_ACCOUNT_BACKOFF_MAX_SECONDS",
        ),
    )


def _state(counter: _Counter) -> dict[str, Any]:
    found = cache.get(counter.key)
    return found if isinstance(found, dict) else {"failures": 0, "until": 0.0}


def _window(counter: _Counter, failures: int) -> int:
    config = current_app.config
    over = failures - int(config[counter.free])
    if over < 0:
        return 0
    base, ceiling = int(config[counter.base]), int(config[counter.ceiling])
    return int(min(ceiling, base * 2 ** min(over, 30)))


def seconds_locked(email: str) -> int:
    """How many seconds this email is still locked from this address (0: it may try)."""
    now = _now()
    remaining = max(float(_state(c)["until"]) - now for c in _counters(email))
    return max(0, math.ceil(remaining))


def record_failure(email: str) -> int:
    """Count a failed log-in on both counts; returns the lock window it starts (0: none)."""
    now = _now()
    windows = []
    for counter in _counters(email):
        failures = int(_state(counter)["failures"]) + 1
        window = _window(counter, failures)
        keep = int(current_app.config[counter.ceiling]) * 2
        cache.set(counter.key, {"failures": failures, "until": now + window}, timeout=keep)
        windows.append(window)
    return max(windows)


def record_success(email: str) -> None:
    """A successful log-in (or password reset) forgets earlier failures."""
    for counter in _counters(email):
        cache.delete(counter.key)
