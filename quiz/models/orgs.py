"""The organisation aggregate: a bootcamp or a company, and its members' roles."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quiz.extensions import db
from quiz.models.base import UTCDateTime, utcnow
from quiz.models.users import User

KINDS = {"bootcamp": "Bootcamp", "company": "Company"}
OWNER, INSTRUCTOR, RECRUITER = "owner", "instructor", "recruiter"
ROLES = {OWNER: "Owner", INSTRUCTOR: "Instructor", RECRUITER: "Recruiter"}
TEACHING_ROLES = frozenset({OWNER, INSTRUCTOR})
RECRUITING_ROLES = frozenset({OWNER, RECRUITER})
DEFAULT_RETENTION_DAYS = 180


class Organisation(db.Model):  # type: ignore[name-defined,misc]
    """A bootcamp or a company using the product; it owns cohorts (and, later, positions)."""

    __tablename__ = "organisations"
    __table_args__ = (sa.CheckConstraint("kind IN ('bootcamp', 'company')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    kind: Mapped[str] = mapped_column(sa.String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # How long candidate data held for this organisation's positions is kept
    # (``flask retention purge`` deletes older invitations and their attempts).
    retention_days: Mapped[int] = mapped_column(
        sa.Integer, default=DEFAULT_RETENTION_DAYS, server_default=str(DEFAULT_RETENTION_DAYS)
    )
    # An IANA zone name: dates are entered and shown in it, and stored in UTC.
    time_zone: Mapped[str] = mapped_column(sa.String(64), default="UTC", server_default="UTC")

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan"
    )


class Membership(db.Model):  # type: ignore[name-defined,misc]
    """A person's role in an organisation; a person may belong to several organisations."""

    __tablename__ = "memberships"
    __table_args__ = (
        sa.UniqueConstraint("organisation_id", "user_id"),
        sa.CheckConstraint("role IN ('owner', 'instructor', 'recruiter')", name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(sa.String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation: Mapped[Organisation] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship()


class StaffInvitation(db.Model):  # type: ignore[name-defined,misc]
    """A pending membership: an email invited to a role, accepted by the link it was sent
    (only a hash of the link's secret is kept)."""

    __tablename__ = "staff_invitations"
    __table_args__ = (
        sa.UniqueConstraint("token_hash", name="uq_staff_invitations_token_hash"),
        sa.UniqueConstraint("organisation_id", "email", name="uq_staff_invitations_org_email"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE")
    )
    email: Mapped[str] = mapped_column(sa.String(254))
    role: Mapped[str] = mapped_column(sa.String(16))
    token_hash: Mapped[str] = mapped_column(sa.String(64))
    invited_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation] = relationship()


class OrgAudit(db.Model):  # type: ignore[name-defined,misc]
    """One staff action that changed an organisation, its cohorts or assignments.

    ``actor_name`` keeps who did it readable after their account is deleted.
    """

    __tablename__ = "org_audit"
    __table_args__ = (sa.Index("ix_org_audit_organisation_id_id", "organisation_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE")
    )
    actor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    actor_name: Mapped[str] = mapped_column(sa.String(120))
    action: Mapped[str] = mapped_column(sa.String(48))
    detail: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
