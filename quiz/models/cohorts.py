"""The cohort aggregate: a class of students, its members and the assignments set to it."""

from __future__ import annotations

import secrets
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quiz.extensions import db
from quiz.models.base import UTCDateTime, utcnow
from quiz.models.orgs import Organisation

# No 0/O or 1/I/L: join codes are read aloud and typed from slides.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_join_code() -> str:
    """An 8-character join code (about 40 bits; joining also needs an account)."""
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))


class Cohort(db.Model):  # type: ignore[name-defined,misc]
    """A class in an organisation that students join with a code or a link."""

    __tablename__ = "cohorts"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(120))
    join_code: Mapped[str] = mapped_column(sa.String(16), unique=True, default=new_join_code)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # An archived cohort is read-only: listed apart, no joining, no new assignments.
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation] = relationship()
    members: Mapped[list[CohortMember]] = relationship(
        back_populates="cohort", cascade="all, delete-orphan", order_by="CohortMember.name"
    )
    assignments: Mapped[list[Assignment]] = relationship(
        back_populates="cohort", cascade="all, delete-orphan", order_by="Assignment.opens_at"
    )


class CohortMember(db.Model):  # type: ignore[name-defined,misc]
    """A student on a cohort's roster: invited by email, joined with an account, or withdrawn.

    ``user_id`` is empty until the student joins, and again after they delete their account;
    ``withdrawn_at`` then records that they left, so the class views can say so.
    """

    __tablename__ = "cohort_members"
    __table_args__ = (
        sa.UniqueConstraint("cohort_id", "user_id", name="uq_cohort_members_cohort_user"),
        sa.UniqueConstraint("cohort_id", "email", name="uq_cohort_members_cohort_email"),
        # A cohort's roster by name (class views): no sort.
        sa.Index("ix_cohort_members_cohort_id_name", "cohort_id", "name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohorts.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    email: Mapped[str | None] = mapped_column(sa.String(254))
    name: Mapped[str] = mapped_column(sa.String(120))
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    joined_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    cohort: Mapped[Cohort] = relationship(back_populates="members")


class Assignment(db.Model):  # type: ignore[name-defined,misc]
    """An assessment set to a cohort; its settings replace the self-practice defaults."""

    __tablename__ = "assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(
        sa.ForeignKey("cohorts.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(120))
    profile_id: Mapped[str] = mapped_column(sa.String(64))
    mode: Mapped[str] = mapped_column(sa.String(16))  # quick, full or custom (fixed areas)
    areas: Mapped[list[str] | None] = mapped_column(sa.JSON)
    length: Mapped[int | None] = mapped_column(sa.Integer)  # items, custom mode only
    # Where items are drawn from: "ours" (the shipped banks), "org" (the organisation's) or both.
    source: Mapped[str] = mapped_column(sa.String(8), default="ours", server_default="ours")
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempt_limit: Mapped[int] = mapped_column(sa.Integer, default=1, server_default="1")
    time_limit_minutes: Mapped[int | None] = mapped_column(sa.Integer)
    review_allowed: Mapped[bool] = mapped_column(sa.Boolean, default=True, server_default=sa.true())
    # How many submitted attempts ``assignment_item_counts`` holds (quiz.cohorts.itemcounts).
    counted_attempts: Mapped[int] = mapped_column(sa.Integer, default=0, server_default="0")
    late_allowed: Mapped[bool] = mapped_column(sa.Boolean, default=True, server_default=sa.true())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Closed by the instructor: no new attempt starts; open attempts may still be submitted.
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Same questions for everyone: drawn once (``fixed_items``) at the first start, order
    # still shuffled per student.
    fixed_form: Mapped[bool] = mapped_column(sa.Boolean, default=False, server_default=sa.false())
    fixed_items: Mapped[list[str] | None] = mapped_column(sa.JSON(none_as_null=True))
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the last reminders

    cohort: Mapped[Cohort] = relationship(back_populates="assignments")
    accommodations: Mapped[list[Accommodation]] = relationship(
        back_populates="assignment", cascade="all, delete-orphan"
    )


class Accommodation(db.Model):  # type: ignore[name-defined,misc]
    """What one student gets on one assignment beside the class: extra time (1.5 = 50% more
    time), their own due date, and extra attempts."""

    __tablename__ = "accommodations"
    __table_args__ = (sa.UniqueConstraint("assignment_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("assignments.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[int] = mapped_column(
        sa.ForeignKey("cohort_members.id", ondelete="CASCADE"), index=True
    )
    extra_time: Mapped[float] = mapped_column(sa.Float, default=1.0)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    extra_attempts: Mapped[int] = mapped_column(sa.Integer, default=0, server_default="0")

    assignment: Mapped[Assignment] = relationship(back_populates="accommodations")


class ItemCount(db.Model):  # type: ignore[name-defined,misc]
    """How many of an assignment's submitted attempts earned ``credit`` on ``item_id`` when
    they presented ``presented`` items and earned ``total`` on them in all (unanswered: 0).

    Item analysis reads these few thousand rows instead of every response of the class; they
    are kept up to date by ``quiz.cohorts.itemcounts`` as attempts are submitted or deleted.
    """

    __tablename__ = "assignment_item_counts"

    assignment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("assignments.id", ondelete="CASCADE"), primary_key=True
    )
    item_id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    credit: Mapped[float] = mapped_column(sa.Float, primary_key=True)
    total: Mapped[float] = mapped_column(sa.Float, primary_key=True)
    presented: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    n: Mapped[int] = mapped_column(sa.Integer)


class AttemptFeedback(db.Model):  # type: ignore[name-defined,misc]
    """An instructor's comment on a student's submitted attempt, shown on the student's report.

    ``author_name`` keeps who wrote it readable after their account is deleted.
    """

    __tablename__ = "attempt_feedback"

    attempt_id: Mapped[int] = mapped_column(
        sa.ForeignKey("attempts.id", ondelete="CASCADE"), primary_key=True
    )
    text: Mapped[str] = mapped_column(sa.Text)
    author_name: Mapped[str] = mapped_column(sa.String(120))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
