"""Retention: candidate data held for an organisation's positions is deleted once it is older
than the organisation's retention period (``flask retention purge``).

An invitation's age counts from when it was created. Purging deletes the invitation and the
attempt taken for the position (with its answers, reports and share links); a report the
candidate attached from their own practice is only detached, since it was theirs before.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from quiz.attempts import ending
from quiz.extensions import db
from quiz.models import Invitation, Organisation, Position


@dataclass(frozen=True)
class Purged:
    """What a purge deleted (or, in a dry run, would delete)."""

    invitations: int
    attempts: int
    organisations: int


def _expired_ids(org: Organisation, now: datetime) -> tuple[list[int], list[int]]:
    cutoff = now - timedelta(days=org.retention_days)
    rows = db.session.execute(
        sa.select(Invitation.id, Invitation.attempt_id)
        .join(Position, Position.id == Invitation.position_id)
        .where(Position.organisation_id == org.id, Invitation.created_at < cutoff)
    ).all()
    return [r.id for r in rows], [r.attempt_id for r in rows if r.attempt_id is not None]


def purge(now: datetime, dry_run: bool = False) -> Purged:
    """Delete every invitation older than its organisation's retention at ``now``."""
    invitations: list[int] = []
    attempts: list[int] = []
    touched = 0
    for org in db.session.scalars(sa.select(Organisation).order_by(Organisation.id)):
        inv_ids, attempt_ids = _expired_ids(org, now)
        invitations += inv_ids
        attempts += attempt_ids
        touched += bool(inv_ids)
    if not dry_run and invitations:
        db.session.execute(sa.delete(Invitation).where(Invitation.id.in_(invitations)))
        ending.delete_attempts(attempts)
        db.session.commit()
    return Purged(len(invitations), len(attempts), touched)


def set_retention(org: Organisation, days: int) -> None:
    """Change how many days the organisation keeps candidate data."""
    org.retention_days = days
    db.session.commit()
