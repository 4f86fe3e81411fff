"""Events recorded while an attempt is taken: item views, focus losses and pastes.

They are context for a reader of the report (docs/integrity.md), never an input to scoring.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from quiz.extensions import db
from quiz.models.base import UTCDateTime, utcnow

VIEW, BLUR, PASTE = "view", "blur", "paste"
EVENT_KINDS = (VIEW, BLUR, PASTE)


class AttemptEvent(db.Model):  # type: ignore[name-defined,misc]
    """One thing that happened on a question page: shown, left (focus lost) or pasted into."""

    __tablename__ = "attempt_events"
    __table_args__ = (
        sa.CheckConstraint("kind IN ('view', 'blur', 'paste')", name="kind"),
        # An attempt's events in time order: WHERE attempt_id = ? ORDER BY at, id.
        sa.Index("ix_attempt_events_attempt_id_at", "attempt_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(sa.ForeignKey("attempts.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(16))
    item_id: Mapped[str | None] = mapped_column(sa.String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
