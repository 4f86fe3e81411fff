"""Webhooks of an organisation and the log of every delivery try (quiz/webhooks)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quiz.extensions import db
from quiz.models.base import UTCDateTime, utcnow
from quiz.models.orgs import Organisation

ATTEMPT_SUBMITTED = "attempt.submitted"
INVITATION_WITHDRAWN = "invitation.withdrawn"
INVITATION_EXPIRED = "invitation.expired"
TEST_EVENT = "test"
EVENTS = {
    ATTEMPT_SUBMITTED: "Attempt submitted",
    INVITATION_WITHDRAWN: "Candidate withdrew",
    INVITATION_EXPIRED: "Invitation expired",
    TEST_EVENT: "Test event",
}
PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"


class Webhook(db.Model):  # type: ignore[name-defined,misc]
    """A URL an organisation wants notified of an event, with the secret that signs the body.

    The secret is stored as it is (it is needed to sign each delivery); see docs/webhooks.md.
    """

    __tablename__ = "webhooks"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    url: Mapped[str] = mapped_column(sa.String(2048))
    event: Mapped[str] = mapped_column(sa.String(32), default=ATTEMPT_SUBMITTED)
    secret: Mapped[str] = mapped_column(sa.String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    rotated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation] = relationship()


class WebhookDelivery(db.Model):  # type: ignore[name-defined,misc]
    """One try of one delivery: the tries of a delivery share ``delivery_id`` and its body."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        sa.UniqueConstraint("delivery_id", "try_number"),
        # A webhook's log, newest first: WHERE webhook_id = ? ORDER BY id DESC.
        sa.Index("ix_webhook_deliveries_webhook_id_id", "webhook_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    webhook_id: Mapped[int] = mapped_column(sa.ForeignKey("webhooks.id", ondelete="CASCADE"))
    delivery_id: Mapped[str] = mapped_column(sa.String(36))
    event: Mapped[str] = mapped_column(sa.String(32))
    attempt_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("attempts.id", ondelete="SET NULL"), index=True
    )
    invitation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("invitations.id", ondelete="SET NULL"), index=True
    )
    body: Mapped[str] = mapped_column(sa.Text)
    try_number: Mapped[int] = mapped_column(sa.Integer)
    outcome: Mapped[str] = mapped_column(sa.String(16), default=PENDING)
    scheduled_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attempted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status_code: Mapped[int | None] = mapped_column(sa.Integer)
    error: Mapped[str | None] = mapped_column(sa.String(500))
    duration_ms: Mapped[int | None] = mapped_column(sa.Integer)
    next_try_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    webhook: Mapped[Webhook] = relationship()
