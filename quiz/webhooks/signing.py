"""HMAC-SHA256 signatures of webhook bodies, over the timestamp and the raw body.

The signed message is ``f"{timestamp}.".encode() + body``; the ``X-Quiz-Signature`` header is
``sha256=<hex digest>`` and ``X-Quiz-Timestamp`` carries the timestamp (Unix seconds), so a
receiver can refuse an old or replayed request whose signature is otherwise valid.
"""

from __future__ import annotations

import hashlib
import hmac

PREFIX = "sha256="


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The ``X-Quiz-Signature`` header value for ``body`` sent at ``timestamp``."""
    message = f"{timestamp}.".encode() + body
    return PREFIX + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def verify(
    secret: str, timestamp: str, body: bytes, signature: str, now: int, tolerance: int = 300
) -> bool:
    """True when ``signature`` matches and ``timestamp`` is within ``tolerance`` s of ``now``."""
    try:
        sent = int(timestamp)
    except ValueError:
        return False
    if abs(now - sent) > tolerance:
        return False
    return hmac.compare_digest(sign(secret, sent, body), signature)
