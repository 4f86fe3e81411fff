"""The report aggregate: immutable report snapshots of an attempt and links that share them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from quiz.extensions import db
from quiz.models.base import UTCDateTime, utcnow
from quiz.security.tokens import new_secret_token


class ReportSnapshot(db.Model):  # type: ignore[name-defined,misc]
    """A report as computed once; never updated. Re-scoring adds a newer snapshot."""

    __tablename__ = "report_snapshots"
    __table_args__ = (
        # The newest snapshot of an attempt: WHERE attempt_id = ? ORDER BY id DESC LIMIT 1.
        sa.Index("ix_report_snapshots_attempt_id_id", "attempt_id", "id"),
        # One "submitted" snapshot per attempt, even when two requests submit at once.
        sa.Index(
            "uq_report_snapshots_submitted",
            "attempt_id",
            unique=True,
            sqlite_where=sa.text("reason = 'submitted'"),
            postgresql_where=sa.text("reason = 'submitted'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(sa.ForeignKey("attempts.id", ondelete="CASCADE"))
    bank_version: Mapped[str] = mapped_column(sa.String(16))
    # The item calibration in force when the snapshot was made (None: none had been made).
    calibration_version: Mapped[int | None] = mapped_column(sa.ForeignKey("calibrations.version"))
    reason: Mapped[str] = mapped_column(sa.String(16))  # "submitted" or "rescored"
    schema_version: Mapped[int] = mapped_column(sa.Integer)
    data: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    # What class views show of the report (see report_summary), filled in on insert: a class
    # dashboard reads thousands of these instead of thousands of full reports.
    summary: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def report_summary(data: dict[str, Any]) -> dict[str, Any]:
    """Readiness, overall score and each requirement's mastery mean of a stored report."""
    return {
        "readiness": data["readiness"],
        "overall": data["overall"],
        "cells": {r["id"]: (r["mastery"] or {}).get("mean") for r in data.get("requirements", [])},
    }


@sa.event.listens_for(ReportSnapshot, "before_insert")
def _summarise(_mapper: Any, _connection: Any, snapshot: ReportSnapshot) -> None:
    data = snapshot.data
    if snapshot.summary is None and data and "readiness" in data and "overall" in data:
        snapshot.summary = report_summary(data)  # a report without them has none (as migrated)


def new_share_token() -> str:
    """A URL-safe random token with 192 bits of entropy (at least 128 are required)."""
    return new_secret_token()


class ShareLink(db.Model):  # type: ignore[name-defined,misc]
    """A revocable, optionally expiring link to the redacted view of an attempt's report."""

    __tablename__ = "share_links"
    # An attempt's links, newest first: WHERE attempt_id = ? ORDER BY id DESC.
    __table_args__ = (sa.Index("ix_share_links_attempt_id_id", "attempt_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(sa.ForeignKey("attempts.id", ondelete="CASCADE"))
    # The link's secret is shown once, when it is made; only its SHA-256 is kept, and its
    # first characters, so that the owner can tell links apart.
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    prefix: Mapped[str] = mapped_column(sa.String(8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    view_count: Mapped[int] = mapped_column(sa.Integer, default=0)

    def is_active(self, now: datetime) -> bool:
        """Neither revoked nor expired at ``now``."""
        expired = self.expires_at is not None and self.expires_at <= now
        return self.revoked_at is None and not expired
