"""Assignments: their settings, each student's status, and starting an attempt under one.

Statuses are defined in ``quiz.cohorts.status``.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import current_app

from quiz.attempts import modes
from quiz.attempts.taking import Plan, start_attempt
from quiz.bank import Content
from quiz.bank.draw import draw_items
from quiz.cohorts import zones
from quiz.cohorts.status import STATUSES, status_of
from quiz.extensions import db
from quiz.models import Accommodation, Assignment, Attempt, Cohort, CohortMember
from quiz.models.base import utcnow
from quiz.orgbanks.sources import content_for_source, covers

__all__ = ["STATUSES", "Settings", "start", "student_assignments"]


@dataclass(frozen=True)
class Settings:
    """What an instructor sets on an assignment."""

    title: str
    profile_id: str
    mode: str
    areas: list[str] | None
    length: int | None
    opens_at: datetime
    due_at: datetime | None
    attempt_limit: int
    time_limit_minutes: int | None
    review_allowed: bool
    late_allowed: bool
    source: str = "ours"
    fixed_form: bool = False


def create_assignment(cohort: Cohort, settings: Settings) -> Assignment:
    """Set a new assignment to ``cohort``."""
    assignment = Assignment(cohort_id=cohort.id, **settings.__dict__)
    db.session.add(assignment)
    db.session.commit()
    return assignment


def accommodation_of(assignment: Assignment, member: CohortMember) -> Accommodation | None:
    """What ``member`` gets beside the class on ``assignment``, if anything."""
    return db.session.scalar(
        sa.select(Accommodation).where(
            Accommodation.assignment_id == assignment.id, Accommodation.member_id == member.id
        )
    )


def set_accommodation(
    assignment: Assignment,
    member: CohortMember,
    *,
    extra_time: float | None = None,
    due: tuple[datetime | None] | None = None,
    extra_attempts: int | None = None,
) -> None:
    """Change what ``member`` gets on ``assignment`` (None: keep; ``due`` is a 1-tuple so that
    its own due date can be set back to none). A row that gives nothing extra goes. The caller
    commits (with its audit line)."""
    found = accommodation_of(assignment, member)
    if found is None:
        found = Accommodation(
            assignment_id=assignment.id, member_id=member.id, extra_time=1.0, extra_attempts=0
        )
        db.session.add(found)
    if extra_time is not None:
        found.extra_time = extra_time
    if due is not None:
        found.due_at = due[0]
    if extra_attempts is not None:
        found.extra_attempts = extra_attempts
    if found.extra_time == 1.0 and found.due_at is None and not found.extra_attempts:
        if found.id is None:
            db.session.expunge(found)
        else:
            db.session.delete(found)


def set_extra_time(assignment: Assignment, member: CohortMember, factor: float) -> None:
    """Give ``member`` extra time on ``assignment`` (1.0: none) and commit."""
    set_accommodation(assignment, member, extra_time=factor)
    db.session.commit()


def extra_time_of(assignment: Assignment, member: CohortMember) -> float:
    """The time factor ``member`` gets on ``assignment``."""
    found = accommodation_of(assignment, member)
    return float(found.extra_time) if found is not None else 1.0


@dataclass(frozen=True)
class Terms:
    """An assignment's due date and attempts for one student (theirs where they have one)."""

    due_at: datetime | None
    attempt_limit: int

    @classmethod
    def of(cls, assignment: Assignment, found: Accommodation | None) -> Terms:
        """The class's terms with the student's accommodation applied."""
        if found is None:
            return cls(assignment.due_at, assignment.attempt_limit)
        return cls(
            found.due_at or assignment.due_at, assignment.attempt_limit + found.extra_attempts
        )


@dataclass(frozen=True)
class StudentAssignment:
    """An assignment as a student sees it on their home page."""

    assignment: Assignment
    cohort: Cohort
    status: str
    attempts_used: int
    open_token: str | None  # an attempt in progress
    report_token: str | None  # the newest submitted attempt
    blocked: str | None  # why a new attempt cannot start now, if it cannot
    terms: Terms  # the student's due date and attempts


def _blocked(assignment: Assignment, used: int, now: datetime, terms: Terms) -> str | None:
    if assignment.closed_at is not None:
        return "Closed by your instructor."
    if assignment.cohort.archived_at is not None:
        return "This class is archived."
    if now < assignment.opens_at:
        return (
            f"Opens {zones.shown(assignment.opens_at, assignment.cohort.organisation.time_zone)}."
        )
    if terms.due_at and now > terms.due_at and not assignment.late_allowed:
        return "Closed: the due date has passed and late work is not accepted."
    if used >= terms.attempt_limit:
        return f"You have used all {terms.attempt_limit} attempt(s)."
    return None


def student_assignments(user_id: int) -> list[StudentAssignment]:
    """Every assignment of the user's cohorts with their status, soonest due first."""
    members = db.session.scalars(
        sa.select(CohortMember).where(CohortMember.user_id == user_id)
    ).all()
    cohort_ids = [m.cohort_id for m in members]
    assignments = db.session.scalars(
        sa.select(Assignment).where(Assignment.cohort_id.in_(cohort_ids))
    ).all()
    attempts = db.session.scalars(
        sa.select(Attempt)
        .where(Attempt.user_id == user_id, Attempt.assignment_id.is_not(None))
        .order_by(Attempt.started_at)
    ).all()
    cohorts = {
        c.id: c for c in db.session.scalars(sa.select(Cohort).where(Cohort.id.in_(cohort_ids)))
    }
    accommodations = {
        a.assignment_id: a
        for a in db.session.scalars(
            sa.select(Accommodation).where(Accommodation.member_id.in_([m.id for m in members]))
        )
    }
    by_cohort = {m.cohort_id: m for m in members}
    now = utcnow()
    out = []
    for a in assignments:
        mine = [t for t in attempts if t.assignment_id == a.id]
        open_ = next((t for t in mine if not t.is_submitted and not t.is_expired(now)), None)
        done = [t for t in mine if t.is_submitted]
        terms = Terms.of(a, accommodations.get(a.id))
        out.append(
            StudentAssignment(
                a,
                cohorts[a.cohort_id],
                status_of(by_cohort[a.cohort_id], mine, terms.due_at),
                len(mine),
                open_.token if open_ else None,
                done[-1].token if done else None,
                None if open_ else _blocked(a, len(mine), now, terms),
                terms,
            )
        )
    far = datetime.max.replace(tzinfo=now.tzinfo)
    return sorted(out, key=lambda s: (s.assignment.due_at or far, s.assignment.title))


def fixed_form(
    assignment: Assignment, content: Content, length: int, areas: tuple[str, ...] | None
) -> tuple[str, ...] | None:
    """The assignment's fixed items, drawn at its first start (None: each student draws).

    The draw is saved only where none is saved yet, so two first starts at once agree."""
    if not assignment.fixed_form:
        return None
    if assignment.fixed_items is None:
        seed = secrets.randbelow(2**31)
        drawn = draw_items(content, assignment.profile_id, seed, length, areas)
        db.session.execute(
            sa.update(Assignment)
            .where(Assignment.id == assignment.id, Assignment.fixed_items.is_(None))
            .values(fixed_items=drawn)
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
        db.session.refresh(assignment)
    return tuple(assignment.fixed_items or ())


def start(assignment: Assignment, member: CohortMember) -> Attempt | str:
    """Start (or resume) the student's attempt under the assignment's settings, or say why not."""
    now = utcnow()
    mine = db.session.scalars(
        sa.select(Attempt).where(
            Attempt.assignment_id == assignment.id, Attempt.user_id == member.user_id
        )
    ).all()
    for attempt in mine:
        if not attempt.is_submitted and not attempt.is_expired(now):
            return attempt
    found = accommodation_of(assignment, member)
    terms = Terms.of(assignment, found)
    blocked = _blocked(assignment, len(mine), now, terms)
    if blocked:
        return blocked
    content = content_for_source(assignment.cohort.organisation_id, assignment.source)
    profile = content.profiles.get(assignment.profile_id)
    if profile is None:
        return "This assignment's role is no longer offered; ask your instructor."
    if not covers(content, profile.id):
        return "This assignment has no questions for its role yet; ask your instructor."
    mode = modes.MODES.get(assignment.mode, modes.QUICK)
    quick = current_app.config["QUIZ_LENGTH"]
    length = modes.length_for(mode, quick, len(profile.requirements), assignment.length or 0)
    areas = tuple(assignment.areas) if mode is modes.CUSTOM and assignment.areas else None
    plan = Plan(
        profile_id=profile.id,
        mode=mode,
        length=length,
        areas=areas,
        fixed_items=fixed_form(assignment, content, length, areas),
        extra_time=found.extra_time if found is not None else 1.0,
        time_limit_seconds=assignment.time_limit_minutes * 60
        if assignment.time_limit_minutes
        else None,
        close_at=terms.due_at if not assignment.late_allowed else None,
        review_allowed=assignment.review_allowed,
        assignment_id=assignment.id,
        content=content,
    )
    return start_attempt(plan)
