"""Create, authenticate, list and revoke personal access tokens.

A token is ``sgq_`` followed by 32 URL-safe random characters (192 bits). The database keeps
its SHA-256 hash (enough for a random secret, and an index lookup) and its first characters,
shown on the account page so a person can tell tokens apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from quiz.api.scopes import SCOPES
from quiz.extensions import db
from quiz.models import ApiToken, User
from quiz.models.base import utcnow
from quiz.models.users import hash_token
from quiz.security.tokens import new_secret_token

TOKEN_PREFIX = "sgq_"
VISIBLE_CHARS = 12  # "sgq_" and 8 random characters
EXPIRY_CHOICES: dict[str, int] = {"7": 7, "30": 30, "90": 90}  # form value → days
MAX_LIFETIME = timedelta(days=366)
LAST_USED_PRECISION = timedelta(minutes=1)  # last_used_at is written at most once a minute


class TokenRejected(Exception):
    """The bearer token is unknown, revoked or expired; ``str(exc)`` says which."""


@dataclass(frozen=True)
class Created:
    """A new token and its secret, which is shown once and never stored."""

    token: ApiToken
    secret: str


def create_token(
    user: User, name: str, scopes: Sequence[str], expires_at: datetime, now: datetime | None = None
) -> Created:
    """Store a new token for ``user``; raises ``ValueError`` for unknown scopes or a bad expiry."""
    now = now or utcnow()
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown or not scopes:
        raise ValueError(f"Unknown or missing scopes: {', '.join(unknown) or 'none chosen'}.")
    if not now < expires_at <= now + MAX_LIFETIME:
        raise ValueError("A token expires after today and within a year.")
    secret = TOKEN_PREFIX + new_secret_token()
    token = ApiToken(
        user_id=user.id,
        name=name.strip(),
        prefix=secret[:VISIBLE_CHARS],
        token_hash=hash_token(secret),
        scopes=[s for s in SCOPES if s in scopes],
        created_at=now,
        expires_at=expires_at,
    )
    db.session.add(token)
    db.session.commit()
    return Created(token, secret)


def authenticate(secret: str, now: datetime | None = None) -> ApiToken:
    """The active token whose secret this is; raises ``TokenRejected`` otherwise."""
    now = now or utcnow()
    token = db.session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == hash_token(secret)))
    if token is None:
        raise TokenRejected("This token is not valid.")
    if token.revoked_at is not None:
        raise TokenRejected("This token was revoked.")
    if now >= token.expires_at:
        raise TokenRejected("This token has expired.")
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        token.last_used_at = now
        db.session.commit()
    return token


def tokens_of(user_id: int) -> list[ApiToken]:
    """An account's tokens, newest first (revoked and expired ones too, marked as such)."""
    return list(
        db.session.scalars(
            sa.select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.id.desc())
        )
    )


def revoke(user_id: int, token_id: int, now: datetime | None = None) -> bool:
    """Revoke the user's token ``token_id``; False when they have no such token."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user_id:
        return False
    if token.revoked_at is None:
        token.revoked_at = now or utcnow()
        db.session.commit()
    return True


def revoke_all(user_id: int, now: datetime | None = None) -> int:
    """Revoke every live token of the account, in the caller's transaction (a password change
    or reset: whoever knew the old password may have made one); how many."""
    result = db.session.execute(
        sa.update(ApiToken)
        .where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=now or utcnow())
    )
    return int(getattr(result, "rowcount", 0) or 0)
