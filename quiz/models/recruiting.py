"""The recruiting aggregate: a company's positions and the invitations sent for them.

A position fixes what candidates are assessed on (a snapshot of requirements, taken from a role
profile or proposed from a pasted job description and reviewed) and how (mode, time limit,
review). An invitation is one candidate's place in a position's pipeline: its link, its
expiry, the candidate's consent or refusal, and the attempt or shared report it holds.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quiz.extensions import db
from quiz.models.attempts import Attempt
from quiz.models.base import UTCDateTime, utcnow
from quiz.models.orgs import Organisation
from quiz.models.users import User
from quiz.security.tokens import new_secret_token

SOURCES = ("profile", "jd")
WEIGHTS = ("must", "should", "nice")
DEFAULT_INVITATION_DAYS = 14
INVITATION_TOKEN_BYTES = 32  # secrets.token_urlsafe(32): 256 bits


def new_invitation_token() -> str:
    """A fresh invitation token for the link; only its hash is stored."""
    return secrets.token_urlsafe(INVITATION_TOKEN_BYTES)


def hash_token(token: str) -> str:
    """The sha256 hex digest under which an invitation token is stored and looked up."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_public_slug() -> str:
    """An opaque 192-bit slug for a position's public link (shown to the recruiter again)."""
    return new_secret_token()


class Position(db.Model):  # type: ignore[name-defined,misc]
    """A job a company assesses candidates for."""

    __tablename__ = "positions"
    __table_args__ = (
        sa.CheckConstraint("source IN ('profile', 'jd')", name="source"),
        # The positions list: WHERE organisation_id = ? ORDER BY created_at DESC.
        sa.Index("ix_positions_organisation_id_created_at", "organisation_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE")
    )
    title: Mapped[str] = mapped_column(sa.String(120))

    # What is assessed. ``requirements`` is a snapshot, never re-read from the catalog: a list
    # of {"id": requirement id, "weight": "must"|"should"|"nice", "target": 0-100 level,
    # "evidence": quoted phrase of the job description, "" for a profile}, must first.
    # ``profile_id`` is the catalog profile attempts draw items from (the chosen profile, or
    # the "<seniority>-backend" one for a job description); the draw is limited to the
    # snapshot's requirement ids.
    profile_id: Mapped[str] = mapped_column(sa.String(64))
    requirements: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON)
    seniority: Mapped[str] = mapped_column(sa.String(16))

    # Where the snapshot came from: "profile", or "jd" with the pasted text and the
    # technologies it names that the catalog does not measure (never dropped silently).
    source: Mapped[str] = mapped_column(sa.String(8))
    jd_text: Mapped[str | None] = mapped_column(sa.Text)
    uncovered: Mapped[list[str]] = mapped_column(sa.JSON, default=list)

    # How candidates take it: mode ("quick"|"full"), time limit (None = untimed), whether the
    # candidate may review items, and whether the recruiter may read individual answers (the
    # consent page says so either way).
    mode: Mapped[str] = mapped_column(sa.String(16), default="quick")
    time_limit_minutes: Mapped[int | None] = mapped_column(sa.Integer)
    review_shown: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    answers_visible: Mapped[bool] = mapped_column(sa.Boolean, default=False)

    # Invitations: default validity of a new invitation, and the public link (None = none;
    # anyone with the slug gets an invitation of their own).
    invitation_days: Mapped[int] = mapped_column(
        sa.Integer, default=DEFAULT_INVITATION_DAYS, server_default=str(DEFAULT_INVITATION_DAYS)
    )
    public_slug: Mapped[str | None] = mapped_column(sa.String(64), unique=True)

    # Scoring version: raised when requirements, weights or targets change after a candidate
    # started; each invitation keeps the version its candidate took.
    version: Mapped[int] = mapped_column(sa.Integer, default=1, server_default="1")

    # Bookkeeping: who created it and when; a closed position takes no new candidates.
    created_by: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation] = relationship()
    creator: Mapped[User | None] = relationship()
    invitations: Mapped[list[Invitation]] = relationship(
        back_populates="position", cascade="all, delete-orphan", order_by="Invitation.id"
    )

    @property
    def requirement_ids(self) -> list[str]:
        """The snapshot's requirement ids, in order."""
        return [str(r["id"]) for r in self.requirements]


class Invitation(db.Model):  # type: ignore[name-defined,misc]
    """One candidate invited to a position (by email, CSV or the public link).

    Its status is not stored: ``quiz.recruiting.status.invitation_status`` derives it from the
    timestamps and the linked attempt.
    """

    __tablename__ = "invitations"
    __table_args__ = (
        sa.UniqueConstraint("position_id", "email", name="uq_invitations_position_email"),
        sa.UniqueConstraint("position_id", "user_id", name="uq_invitations_position_user"),
        # The pipeline: WHERE position_id = ? ORDER BY id.
        sa.Index("ix_invitations_position_id_id", "position_id", "id"),
        # Retention purge: WHERE created_at < ?.
        sa.Index("ix_invitations_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    position_id: Mapped[int] = mapped_column(sa.ForeignKey("positions.id", ondelete="CASCADE"))

    # Who: the address invited (None for a public-link entry) and a display name; the account
    # that accepted it, once someone has (its "Positions that hold your results" list).
    email: Mapped[str | None] = mapped_column(sa.String(254))
    name: Mapped[str] = mapped_column(sa.String(120))
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    # The link: sha256 of the token in the URL (the token itself is never stored); the link
    # stops working at ``expires_at``. Reminders sent so far.
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    previous_token_hash: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reminder_count: Mapped[int] = mapped_column(sa.Integer, default=0, server_default="0")
    last_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # The candidate's choices: consent (results may be seen), decline (ends the invitation),
    # withdraw (after consenting; the recruiter then sees "withdrawn" and no scores).
    consented_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    declined_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Whether the candidate agreed that the recruiter may read individual answers: fixed at
    # consent from the position's setting; turning it on later needs the candidate's consent.
    answers_consented: Mapped[bool] = mapped_column(
        sa.Boolean, default=False, server_default=sa.false()
    )
    position_version: Mapped[int | None] = mapped_column(sa.Integer)

    # The result: an attempt started for this position, or a report the candidate already had
    # and attached through its share link. At most one of the two is set.
    attempt_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("attempts.id", ondelete="SET NULL"), index=True
    )
    shared_attempt_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("attempts.id", ondelete="SET NULL"), index=True
    )

    position: Mapped[Position] = relationship(back_populates="invitations")
    user: Mapped[User | None] = relationship()
    attempt: Mapped[Attempt | None] = relationship(foreign_keys=[attempt_id])
    shared_attempt: Mapped[Attempt | None] = relationship(foreign_keys=[shared_attempt_id])

    @property
    def result_attempt(self) -> Attempt | None:
        """The attempt holding this candidate's result: the one taken, or the one attached."""
        return self.attempt if self.attempt_id is not None else self.shared_attempt
