"""The audit log of report views: who (an instructor, later a recruiter) opened whose report.

Names are copied into the row so the log still reads after a viewer or an organisation is
deleted; the row itself goes with the attempt it is about.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from quiz.extensions import db
from quiz.models.base import UTCDateTime, utcnow


class ReportView(db.Model):  # type: ignore[name-defined,misc]
    """One opening of a candidate's report by someone other than the candidate."""

    __tablename__ = "report_views"
    __table_args__ = (sa.Index("ix_report_views_attempt_at", "attempt_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(sa.ForeignKey("attempts.id", ondelete="CASCADE"))
    viewer_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    viewer_name: Mapped[str] = mapped_column(sa.String(120))
    role: Mapped[str] = mapped_column(sa.String(16))  # owner, instructor, recruiter
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    organisation_name: Mapped[str] = mapped_column(sa.String(120))
    context: Mapped[str] = mapped_column(sa.String(255))  # e.g. the assignment and cohort
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class AuditEntry(db.Model):  # type: ignore[name-defined,misc]
    """One change of state outside the report-view log: who did what to which record.

    ``subject`` names the record ("position:12", "invitation:40", "webhook:3"); ``actor_name``
    keeps who did it readable after an account is deleted (a candidate without an account is
    named by their invitation).
    """

    __tablename__ = "audit_entries"
    __table_args__ = (sa.Index("ix_audit_entries_subject_id", "subject", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    actor_name: Mapped[str] = mapped_column(sa.String(120))
    action: Mapped[str] = mapped_column(sa.String(48))
    subject: Mapped[str] = mapped_column(sa.String(64))
    detail: Mapped[str] = mapped_column(sa.Text, default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
