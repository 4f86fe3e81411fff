"""Stored copies of question content, one per version hash.

An attempt records the version it was taken on; keeping that version's content lets its report
and review be rebuilt exactly even after the banks are edited.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from quiz.extensions import db
from quiz.models.base import UTCDateTime, utcnow


class BankSnapshot(db.Model):  # type: ignore[name-defined,misc]
    """The full content (catalog, profiles, banks) as JSON, keyed by its version hash."""

    __tablename__ = "bank_snapshots"

    version: Mapped[str] = mapped_column(sa.String(16), primary_key=True)
    content: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    item_count: Mapped[int] = mapped_column(sa.Integer)
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
