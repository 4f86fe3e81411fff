"""Personal access tokens: the scopes, and creating, checking, listing and revoking tokens.

A domain package without routes: the account page creates and revokes tokens, the API
blueprint authenticates requests with them.
"""

from __future__ import annotations

from quiz.apitokens.scopes import SCOPES, has_scope
from quiz.apitokens.service import (
    EXPIRY_CHOICES,
    MAX_LIFETIME,
    Created,
    TokenRejected,
    authenticate,
    create_token,
    revoke,
    tokens_of,
)

__all__ = [
    "EXPIRY_CHOICES",
    "MAX_LIFETIME",
    "SCOPES",
    "Created",
    "TokenRejected",
    "authenticate",
    "create_token",
    "has_scope",
    "revoke",
    "tokens_of",
]
