"""A student's status on an assignment: withdrawn (left, or deleted their account), not started,
in progress, submitted, or late (submitted after the due date). The newest submitted attempt
is the one that counts when several are allowed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from quiz.cohorts.classlist import Member, Sitting
from quiz.models import Attempt, CohortMember
from quiz.models.base import utcnow

NOT_STARTED, IN_PROGRESS, SUBMITTED, LATE, WITHDRAWN = (
    "not started",
    "in progress",
    "submitted",
    "late",
    "withdrawn",
)
STATUSES = (NOT_STARTED, IN_PROGRESS, SUBMITTED, LATE, WITHDRAWN)


def status_of(
    member: CohortMember | Member,
    attempts: Sequence[Attempt] | Sequence[Sitting],
    due_at: datetime | None,
) -> str:
    """One student's status from their attempts on the assignment, oldest first."""
    if member.withdrawn_at is not None:
        return WITHDRAWN
    if not attempts:
        return NOT_STARTED
    now = utcnow()
    submitted = [a for a in attempts if a.is_submitted or a.is_expired(now)]
    if len(submitted) < len(attempts) or not submitted:
        return IN_PROGRESS
    last = submitted[-1]
    at = last.submitted_at or last.deadline_at
    return LATE if due_at is not None and at is not None and at > due_at else SUBMITTED
