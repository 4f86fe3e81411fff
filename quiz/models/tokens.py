"""Personal access tokens for the JSON API: named, scoped, expiring, revocable.

Only the SHA-256 hash of a token is stored, with a short visible prefix so that a person can
tell their tokens apart; the secret itself is shown once, when the token is created.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quiz.extensions import db
from quiz.models.base import UTCDateTime, utcnow
from quiz.models.users import User


class ApiToken(db.Model):  # type: ignore[name-defined,misc]
    """A personal access token of one account."""

    __tablename__ = "api_tokens"
    # An account's tokens, newest first: WHERE user_id = ? ORDER BY id DESC.
    __table_args__ = (sa.Index("ix_api_tokens_user_id_id", "user_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(sa.String(80))
    prefix: Mapped[str] = mapped_column(sa.String(16))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    scopes: Mapped[list[str]] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()

    def is_active(self, now: datetime) -> bool:
        """Neither revoked nor expired at ``now``."""
        return self.revoked_at is None and now < self.expires_at
