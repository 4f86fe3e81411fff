"""Secret tokens for links (resume, share; later invitations and password resets).

Tokens come from ``secrets`` with 192 bits of entropy (at least 128 are required). Where a
token is compared in Python it is compared in constant time. Looking a row up by a unique
token column in SQL is also fine: the index lookup reveals nothing an attacker can use to
guess a 192-bit value, since a miss says only "no such token".
"""

from __future__ import annotations

import hmac
import secrets

TOKEN_BYTES = 24  # 192 bits


def new_secret_token() -> str:
    """A URL-safe random token with 192 bits of entropy (32 characters)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def tokens_match(given: str | None, expected: str | None) -> bool:
    """Compare two tokens in constant time; a missing token never matches."""
    if not given or not expected:
        return False
    return hmac.compare_digest(given.encode(), expected.encode())
