"""Instructors' view of a student's answers and their feedback comment, which the student
reads on their report (``report_feedback`` receives ``quiz.core.signals.report_shown``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from quiz.core import audit
from quiz.extensions import db
from quiz.models import Assignment, Attempt, AttemptFeedback, CohortMember, User
from quiz.models.base import utcnow

MAX_FEEDBACK = 4000


@dataclass(frozen=True)
class Feedback:
    """A comment as the student's report shows it."""

    text: str
    author: str
    at: datetime


def newest_submitted(assignment: Assignment, member: CohortMember) -> Attempt | None:
    """The student's newest submitted attempt on the assignment (none once they withdrew)."""
    if member.user_id is None or member.withdrawn_at is not None:
        return None
    return db.session.scalar(
        sa.select(Attempt)
        .where(
            Attempt.assignment_id == assignment.id,
            Attempt.user_id == member.user_id,
            Attempt.submitted_at.is_not(None),
        )
        .order_by(Attempt.submitted_at.desc())
        .limit(1)
    )


def feedback_of(attempt_id: int) -> AttemptFeedback | None:
    """The comment on an attempt, if any."""
    return db.session.get(AttemptFeedback, attempt_id)


def save(attempt: Attempt, assignment: Assignment, text: str, author: User) -> None:
    """Save (or, with empty ``text``, remove) the comment on ``attempt`` and audit it."""
    found = feedback_of(attempt.id)
    text = text.strip()
    if not text and found is None:
        return  # nothing to remove
    if not text:
        if found is not None:
            db.session.delete(found)
    elif found is None:
        db.session.add(
            AttemptFeedback(
                attempt_id=attempt.id, text=text, author_name=author.name, updated_at=utcnow()
            )
        )
    else:
        found.text, found.author_name, found.updated_at = text, author.name, utcnow()
    audit.record_change(
        assignment.cohort.organisation_id,
        author,
        "feedback-saved" if text else "feedback-removed",
        f"{assignment.cohort.name}: {assignment.title}, attempt {attempt.id}",
    )
    db.session.commit()


def report_feedback(attempt: Attempt, **_: object) -> dict[str, Any] | None:
    """The instructor's comment for the owner's report page: the receiver of
    ``quiz.core.signals.report_shown``; None when there is none."""
    found = feedback_of(attempt.id)
    if found is None:
        return None
    return {"feedback": Feedback(found.text, found.author_name, found.updated_at)}
