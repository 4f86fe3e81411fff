"""The recruiter's side of a candidate in a pipeline: notes, the current decision and the
audit log that records every note and every change of decision (who, when, what).

Rows hang off an invitation and go with it (retention purge, position deleted).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quiz.extensions import db
from quiz.models.base import UTCDateTime, utcnow
from quiz.models.users import User

DECISIONS = ("advance", "hold", "reject")
NOTE_MAX = 2000


class CandidateNote(db.Model):  # type: ignore[name-defined,misc]
    """A recruiter's note on one candidate (invitation); notes are added, never edited."""

    __tablename__ = "candidate_notes"
    # The candidate's page: WHERE invitation_id = ? ORDER BY id.
    __table_args__ = (sa.Index("ix_candidate_notes_invitation_id_id", "invitation_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(sa.ForeignKey("invitations.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    author_name: Mapped[str] = mapped_column(sa.String(120))
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User | None] = relationship()


class CandidateDecision(db.Model):  # type: ignore[name-defined,misc]
    """The current decision on a candidate: advance, hold or reject (none until made)."""

    __tablename__ = "candidate_decisions"
    __table_args__ = (
        sa.CheckConstraint("decision IN ('advance', 'hold', 'reject')", name="decision"),
    )

    # One decision per invitation; the pipeline joins on it (the primary key is the index).
    invitation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("invitations.id", ondelete="CASCADE"), primary_key=True
    )
    decision: Mapped[str] = mapped_column(sa.String(8))
    decided_by: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PipelineAudit(db.Model):  # type: ignore[name-defined,misc]
    """One recorded change on a candidate: a note added or a decision set or changed.

    ``actor_name`` keeps who did it readable after their account is deleted.
    """

    __tablename__ = "pipeline_audit"
    __table_args__ = (
        sa.CheckConstraint("action IN ('note', 'decision')", name="action"),
        # The candidate's page: WHERE invitation_id = ? ORDER BY id.
        sa.Index("ix_pipeline_audit_invitation_id_id", "invitation_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(sa.ForeignKey("invitations.id", ondelete="CASCADE"))
    actor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    actor_name: Mapped[str] = mapped_column(sa.String(120))
    action: Mapped[str] = mapped_column(sa.String(16))
    detail: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
