"""The end of an attempt, in one place: submit it, close it at its deadline, delete it.

Every path that ends an attempt comes here: the candidate's submit (web and API), the job
scheduled for just after each attempt's deadline, a deadline found on any read (a question
page, the report, the history, the API), and the class and position pages that find overdue
attempts. Each closes with the same guarded
``UPDATE … WHERE submitted_at IS NULL``, so of two concurrent closes exactly one changes the
row, and that one then:

1. sends ``attempt_closed`` inside the closing transaction (item counts are added there);
2. commits, and stores the submission report snapshot;
3. sends ``attempt_submitted`` (webhooks are queued).

So every ended attempt has its report and its webhooks at once, not when somebody next reads
it. Deleting attempts sends ``attempts_deleted`` in the deleting transaction. The signals are
documented in ``quiz.core.signals``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm.attributes import set_committed_value

from quiz.attempts import adaptive
from quiz.attempts.snapshots import submission_snapshot
from quiz.attempts.taking import guard
from quiz.core import signals
from quiz.extensions import db
from quiz.models import Attempt
from quiz.models.base import utcnow


def submit(attempt: Attempt) -> bool:
    """Submit the attempt now; True when this call submitted it (idempotent).

    Callers close an attempt whose time is up with ``close_if_due`` first, so that it is
    stamped with its deadline rather than now.
    """
    if attempt.is_submitted:
        return False
    return _end(attempt, None)


def close_if_due(attempt: Attempt) -> bool:
    """Submit an attempt whose time is up, with what was saved before its deadline; True when
    this call closed it."""
    if attempt.is_submitted or not attempt.is_expired(utcnow()):
        return False
    assert attempt.deadline_at is not None
    return _end(attempt, attempt.deadline_at)


def close_when_due(token: str) -> None:
    """The job ``taking.start_attempt`` schedules for just after an attempt's deadline: close
    it if nobody did meanwhile, so its report and webhooks do not wait for someone to look."""
    attempt = db.session.scalar(sa.select(Attempt).where(Attempt.token == token))
    if attempt is not None:
        close_if_due(attempt)


def close_overdue(*where: sa.ColumnElement[bool]) -> int:
    """Close every open attempt matching ``where`` whose deadline has passed (a class or a
    position page about to show them); returns how many this call closed."""
    overdue = db.session.scalars(
        sa.select(Attempt).where(
            *where,
            Attempt.submitted_at.is_(None),
            Attempt.deadline_at.is_not(None),
            Attempt.deadline_at <= utcnow(),
        )
    ).all()
    return sum(close_if_due(attempt) for attempt in overdue)


def delete_attempts(attempt_ids: Sequence[int] | Any) -> None:
    """Delete the attempts with ``attempt_ids`` (ids, or a ``select`` of ids) in the caller's
    transaction: ``attempts_deleted`` first, then the rows (answers, reports, share links,
    events and report views go with them by the foreign keys' cascade). The caller commits."""
    signals.attempts_deleted.send(None, attempt_ids=attempt_ids)
    db.session.execute(
        sa.delete(Attempt)
        .where(Attempt.id.in_(attempt_ids))
        .execution_options(synchronize_session=False)
    )


def _end(attempt: Attempt, at: datetime | None) -> bool:
    """Set ``submitted_at`` (``at``, or the time the row lock was granted) unless another
    request already did; then the snapshot and the signals. True when this call closed it.

    The guard takes the row lock first, so a save that held it has committed before the
    submission time is read: no accepted answer is ever stamped after the submission.
    """
    deadline = at is not None
    if at is None:
        locked = db.session.execute(guard(Attempt.id == attempt.id))
        if getattr(locked, "rowcount", 0) != 1:
            db.session.rollback()
            db.session.refresh(attempt)
            return False
        at = utcnow()
    result = db.session.execute(
        sa.update(Attempt)
        .where(Attempt.id == attempt.id, Attempt.submitted_at.is_(None))
        .values(submitted_at=at)
        .execution_options(synchronize_session=False)
    )
    closed = bool(getattr(result, "rowcount", 0) == 1)
    if closed and attempt.adaptive:
        db.session.execute(
            sa.update(Attempt)
            .where(Attempt.id == attempt.id, Attempt.stop_reason.is_(None))
            .values(stop_reason=adaptive.TIME if deadline else adaptive.ENDED)
            .execution_options(synchronize_session=False)
        )
    if closed:
        set_committed_value(attempt, "submitted_at", at)
        signals.attempt_closed.send(attempt)
    db.session.commit()
    db.session.refresh(attempt)
    if closed:
        snapshot = submission_snapshot(attempt)
        signals.notify(signals.attempt_submitted, attempt, snapshot=snapshot)
    return closed
