"""Reminders to the students of an assignment who have not started, or not submitted, it.

One round of reminders per assignment every ``REMIND_HOURS`` hours, within the organisation's
and the sender's hourly mail quotas. Every email names the bootcamp and the instructor who
sent it; students who were invited and never joined get the join link, the others their home
page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import url_for

from quiz.cohorts import zones
from quiz.cohorts.status import IN_PROGRESS, NOT_STARTED, status_of
from quiz.core import audit, mail
from quiz.extensions import db
from quiz.models import Assignment, Attempt, CohortMember, User
from quiz.models.base import utcnow

REMIND_HOURS = 12
GROUPS = {
    "not-started": "who have not started",
    "not-submitted": "who have not submitted (not started or in progress)",
}
_STATUSES = {"not-started": {NOT_STARTED}, "not-submitted": {NOT_STARTED, IN_PROGRESS}}


@dataclass(frozen=True)
class Recipient:
    """A student a reminder would go to."""

    member: CohortMember
    status: str


def recipients(assignment: Assignment, group: str) -> list[Recipient]:
    """The students of ``group`` ("not-started" or "not-submitted") with an email, by name."""
    members = db.session.scalars(
        sa.select(CohortMember)
        .where(
            CohortMember.cohort_id == assignment.cohort_id,
            CohortMember.withdrawn_at.is_(None),
            CohortMember.email.is_not(None),
        )
        .order_by(CohortMember.name)
    ).all()
    attempts = db.session.scalars(
        sa.select(Attempt)
        .where(Attempt.assignment_id == assignment.id)
        .order_by(Attempt.started_at)
    ).all()
    out = []
    for member in members:
        mine = [a for a in attempts if member.user_id is not None and a.user_id == member.user_id]
        status = status_of(member, mine, assignment.due_at)
        if status in _STATUSES[group]:
            out.append(Recipient(member, status))
    return out


def next_round(assignment: Assignment) -> datetime | None:
    """When the next reminders may go, if that is still to come."""
    if assignment.reminded_at is None:
        return None
    at = assignment.reminded_at + timedelta(hours=REMIND_HOURS)
    return at if at > utcnow() else None


def _body(assignment: Assignment, member: CohortMember, sender: User) -> str:
    cohort = assignment.cohort
    org = cohort.organisation.name
    due = (
        f"It is due {zones.shown(assignment.due_at, cohort.organisation.time_zone)}."
        if assignment.due_at
        else "It has no due date."
    )
    if member.user_id is None:
        where = (
            "Join the class with this link (log in or create an account with this email):\n"
            + url_for("cohorts.join", code=cohort.join_code, _external=True)
        )
    else:
        where = "Your assignments: " + url_for("cohorts.home", _external=True)
    return (
        f"Hello {member.name},\n\n{sender.name}, your instructor at {org}, reminds you of "
        f"{assignment.title} in {cohort.name}. {due}\n\n{where}\n"
    )


def send(assignment: Assignment, group: str, sender: User) -> int:
    """Email the reminders; returns how many went. Raises ``mail.QuotaExceeded`` (nothing
    sent) past the hourly mail quotas; the caller checked ``next_round``."""
    found = recipients(assignment, group)
    mail.reserve(assignment.cohort.organisation_id, sender.id, len(found))
    assignment.reminded_at = utcnow()
    audit.record_change(
        assignment.cohort.organisation_id,
        sender,
        "reminders-sent",
        f"{assignment.cohort.name}: {assignment.title}, {len(found)} student(s) {GROUPS[group]}",
    )
    db.session.commit()
    org = assignment.cohort.organisation.name
    for r in found:
        mail.send(
            str(r.member.email),
            f"Reminder from {org}: {assignment.title}",
            _body(assignment, r.member, sender),
        )
    return len(found)
