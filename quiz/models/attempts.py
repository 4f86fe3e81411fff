"""The attempt aggregate: one sitting of a quiz and the responses given in it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quiz.extensions import db
from quiz.models.base import UTCDateTime, utcnow
from quiz.security.tokens import new_secret_token


def new_token() -> str:
    """A URL-safe random token with 192 bits of entropy, from ``secrets``."""
    return new_secret_token()


class Attempt(db.Model):  # type: ignore[name-defined,misc]
    """A candidate's sitting: which profile, which bank version, which items in which order."""

    __tablename__ = "attempts"
    # An assignment's attempts oldest first (class views): no sort.
    __table_args__ = (
        sa.Index("ix_attempts_assignment_id_started_at", "assignment_id", "started_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_token)
    profile_id: Mapped[str] = mapped_column(sa.String(64))
    bank_version: Mapped[str] = mapped_column(sa.ForeignKey("bank_snapshots.version"), index=True)
    seed: Mapped[int] = mapped_column(sa.BigInteger)
    item_ids: Mapped[list[str]] = mapped_column(sa.JSON)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    qualifications: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    mode: Mapped[str] = mapped_column(sa.String(16), default="quick", server_default="quick")
    self_ratings: Mapped[dict[str, int] | None] = mapped_column(sa.JSON)
    flagged: Mapped[list[str]] = mapped_column(sa.JSON, default=list, server_default="[]")
    # The SHA-256 of the secret of the attempt's resume link, made on request (None: none yet).
    resume_token_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    time_limit_seconds: Mapped[int | None] = mapped_column(sa.Integer)
    extra_time: Mapped[float] = mapped_column(sa.Float, default=1.0, server_default="1")
    deadline_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    review_allowed: Mapped[bool] = mapped_column(sa.Boolean, default=True, server_default=sa.true())
    # Adaptive: ``item_ids`` grows as the candidate answers, each item chosen by
    # ``quiz.adaptive`` from the seed and the answers before it; ``stop_reason`` says why it
    # ended (``quiz.attempts.adaptive.STOP_TEXT``).
    adaptive: Mapped[bool] = mapped_column(sa.Boolean, default=False, server_default=sa.false())
    stop_reason: Mapped[str | None] = mapped_column(sa.String(16))
    # Empty for anonymous self-practice; an account's attempts go when the account is deleted.
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    assignment_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("assignments.id", ondelete="SET NULL")
    )

    responses: Mapped[list[Response]] = relationship(
        back_populates="attempt", cascade="all, delete-orphan", order_by="Response.id"
    )

    @property
    def is_submitted(self) -> bool:
        """True once the candidate has submitted; answers are then frozen."""
        return self.submitted_at is not None

    def is_expired(self, now: datetime) -> bool:
        """True when the attempt has a deadline and it has passed."""
        return self.deadline_at is not None and now >= self.deadline_at


class Response(db.Model):  # type: ignore[name-defined,misc]
    """The answer given to one item of an attempt, with the credit it earned."""

    __tablename__ = "responses"
    # Also the index of an attempt's responses (attempt_id leads).
    __table_args__ = (sa.UniqueConstraint("attempt_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(sa.ForeignKey("attempts.id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(sa.String(64))
    answer: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    credit: Mapped[float] = mapped_column(sa.Float)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    attempt: Mapped[Attempt] = relationship(back_populates="responses")
