"""The light rows class views read: members, attempts' times and report summaries.

A class of thousands is read as plain column rows (no ORM entities, no attempt's item list, no
full report), each kind in one query whatever the class size.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from quiz.extensions import db
from quiz.models import Attempt, CohortMember, ReportSnapshot
from quiz.models.reports import report_summary


@dataclass(frozen=True)
class Member:
    """A student on the roster, as the class views show them."""

    id: int
    user_id: int | None
    name: str
    email: str | None
    withdrawn_at: datetime | None


@dataclass(frozen=True)
class Sitting:
    """An attempt's times: enough for a student's status and the submitted date."""

    id: int
    assignment_id: int
    user_id: int
    started_at: datetime
    submitted_at: datetime | None
    deadline_at: datetime | None

    @property
    def is_submitted(self) -> bool:
        """True once submitted."""
        return self.submitted_at is not None

    def is_expired(self, now: datetime) -> bool:
        """True when the attempt has a deadline and it has passed."""
        return self.deadline_at is not None and now >= self.deadline_at


def members(cohort_id: int) -> list[Member]:
    """The cohort's roster by name (one query)."""
    m = CohortMember
    rows = db.session.execute(
        sa.select(m.id, m.user_id, m.name, m.email, m.withdrawn_at)
        .where(m.cohort_id == cohort_id)
        .order_by(m.name, m.id)
    )
    return [Member(*row) for row in rows]


def sittings_by_user(assignment_ids: Sequence[int]) -> dict[tuple[int, int], list[Sitting]]:
    """Attempts of students on the assignments, oldest first, by (assignment, user)."""
    a = Attempt
    found: dict[tuple[int, int], list[Sitting]] = {}
    if not assignment_ids:
        return found
    rows = db.session.execute(
        sa.select(a.id, a.assignment_id, a.user_id, a.started_at, a.submitted_at, a.deadline_at)
        .where(a.assignment_id.in_(assignment_ids), a.user_id.is_not(None))
        .order_by(a.started_at, a.id)
    )
    for row in rows:
        sitting = Sitting(*row)
        found.setdefault((sitting.assignment_id, sitting.user_id), []).append(sitting)
    return found


def summaries(assignment_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """The summary of the newest report of every attempt on the assignments, by attempt id.

    One query; a second one only for reports stored without a summary (none after migration
    0020), which it computes from their full data.
    """
    if not assignment_ids:
        return {}
    newest = (
        sa.select(sa.func.max(ReportSnapshot.id))
        .join(Attempt, Attempt.id == ReportSnapshot.attempt_id)
        .where(Attempt.assignment_id.in_(assignment_ids))
        .group_by(ReportSnapshot.attempt_id)
    )
    rows = db.session.execute(
        sa.select(ReportSnapshot.id, ReportSnapshot.attempt_id, ReportSnapshot.summary).where(
            ReportSnapshot.id.in_(newest)
        )
    ).all()
    found = {attempt_id: summary for _id, attempt_id, summary in rows if summary is not None}
    missing = [snapshot_id for snapshot_id, _a, summary in rows if summary is None]
    if missing:
        full = db.session.execute(
            sa.select(ReportSnapshot.attempt_id, ReportSnapshot.data).where(
                ReportSnapshot.id.in_(missing)
            )
        )
        found.update((attempt_id, report_summary(data)) for attempt_id, data in full)
    return found


def summary_of(attempt_id: int) -> dict[str, Any] | None:
    """The summary of ``attempt_id``'s newest report, if it has a report."""
    row = db.session.execute(
        sa.select(ReportSnapshot.id, ReportSnapshot.summary)
        .where(ReportSnapshot.attempt_id == attempt_id)
        .order_by(ReportSnapshot.id.desc())
        .limit(1)
    ).first()
    if row is None or row.summary is not None:
        return None if row is None else dict(row.summary)
    data = db.session.scalar(sa.select(ReportSnapshot.data).where(ReportSnapshot.id == row.id))
    return report_summary(data or {})


def requirements_of(attempt_id: int) -> list[dict[str, Any]]:
    """Id, title, target, resources and area (id and title) of each requirement, in report
    order, from the newest report of ``attempt_id`` (every report of one assignment lists the
    same requirements)."""
    data = db.session.scalar(
        sa.select(ReportSnapshot.data)
        .where(ReportSnapshot.attempt_id == attempt_id)
        .order_by(ReportSnapshot.id.desc())
        .limit(1)
    )
    areas = {a["id"]: a["title"] for a in (data or {}).get("areas", [])}
    return [
        {
            **{k: r[k] for k in ("id", "title", "target", "resources")},
            "area": r.get("area", ""),
            "area_title": areas.get(r.get("area", ""), r.get("area", "")),
        }
        for r in (data or {}).get("requirements", [])
    ]
