"""A position's pipeline: one row per candidate (invitation) with status, readiness for the
position with its interval, top gaps, time taken, submission date and the decision.

Scores come only from ``visible_attempt`` (consented, not withdrawn, submitted), read from the
attempt's newest report snapshot against the position's own requirements (``fit.py``). The
rows are loaded with a fixed number of queries however many candidates there are. Sorting,
filtering and the CSV export work on the same rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from quiz.attempts import ending
from quiz.core.downloads import csv_text
from quiz.extensions import db
from quiz.models import Attempt, CandidateDecision, Invitation, Position, ReportSnapshot
from quiz.models.pipeline import DECISIONS
from quiz.recruiting.fit import Level, Wanted, levels_of, position_readiness, top_gaps, wanted_of
from quiz.recruiting.status import STATUSES, invitation_status
from quiz.recruiting.visibility import visible_attempt
from quiz.scoring.readiness import Readiness

NO_DECISION = "none"
SORTS = ("name", "status", "readiness", "time", "submitted", "decision")
_STATUS_ORDER = {s: i for i, s in enumerate(STATUSES)}
_DECISION_ORDER = {d: i for i, d in enumerate(DECISIONS)}


@dataclass(frozen=True)
class PipelineRow:
    """One candidate of the pipeline; the score fields are None unless the result is visible."""

    invitation_id: int
    name: str
    email: str | None
    status: str
    decision: str | None
    readiness: Readiness | None = None
    gaps: tuple[str, ...] = ()  # requirement titles, largest impact first
    time_taken: timedelta | None = None
    submitted_at: datetime | None = None
    levels: dict[str, Level | None] | None = None
    version: int | None = None  # the version of the position the candidate took


def latest_snapshots(attempt_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """The newest report snapshot's data of each attempt, in one query."""
    if not attempt_ids:
        return {}
    newest = (
        sa.select(sa.func.max(ReportSnapshot.id))
        .where(ReportSnapshot.attempt_id.in_(attempt_ids))
        .group_by(ReportSnapshot.attempt_id)
    )
    rows = db.session.execute(
        sa.select(ReportSnapshot.attempt_id, ReportSnapshot.data).where(
            ReportSnapshot.id.in_(newest)
        )
    )
    return {attempt_id: data for attempt_id, data in rows}


def _invitations(position_id: int, ids: Sequence[int] | None = None) -> list[Invitation]:
    query = (
        sa.select(Invitation)
        .where(Invitation.position_id == position_id)
        .order_by(Invitation.id)
        .options(selectinload(Invitation.attempt), selectinload(Invitation.shared_attempt))
    )
    if ids is not None:
        query = query.where(Invitation.id.in_(ids))
    return list(db.session.scalars(query))


def _decisions(position_id: int) -> dict[int, str]:
    rows = db.session.execute(
        sa.select(CandidateDecision.invitation_id, CandidateDecision.decision)
        .join(Invitation, Invitation.id == CandidateDecision.invitation_id)
        .where(Invitation.position_id == position_id)
    )
    return {invitation_id: decision for invitation_id, decision in rows}


def requirement_titles(data: dict[str, Any]) -> dict[str, str]:
    """Requirement (and any-of member) titles named in a report snapshot."""
    titles: dict[str, str] = {}
    for row in data.get("requirements", []):
        titles.setdefault(str(row["id"]), str(row.get("title", row["id"])))
        if row.get("shown_by"):
            titles.setdefault(str(row["shown_by"]["id"]), str(row["shown_by"]["title"]))
    return titles


def _row(
    inv: Invitation,
    now: datetime,
    decision: str | None,
    data: dict[str, Any] | None,
    wanted: list[Wanted],
) -> PipelineRow:
    status = invitation_status(inv, now)
    attempt = visible_attempt(inv)
    if attempt is None or data is None or attempt.submitted_at is None:
        return PipelineRow(
            inv.id, inv.name, inv.email, status, decision, version=inv.position_version
        )
    levels = levels_of(data, [w.id for w in wanted])
    titles = requirement_titles(data)
    return PipelineRow(
        inv.id,
        inv.name,
        inv.email,
        status,
        decision,
        readiness=position_readiness(levels, wanted),
        gaps=tuple(titles.get(g, g) for g in top_gaps(levels, wanted)),
        time_taken=attempt.submitted_at - attempt.started_at,
        submitted_at=attempt.submitted_at,
        levels=levels,
        version=inv.position_version,
    )


def load_rows(
    position: Position, now: datetime, ids: Sequence[int] | None = None
) -> list[PipelineRow]:
    """The pipeline's rows (only ``ids`` when given), in invitation order; attempts whose
    deadline passed are closed first, so their results are in it. 5 queries at most."""
    taken = sa.select(Invitation.attempt_id).where(Invitation.position_id == position.id)
    ending.close_overdue(Attempt.id.in_(taken))
    invitations = _invitations(position.id, ids)
    decisions = _decisions(position.id)
    visible = {inv.id: visible_attempt(inv) for inv in invitations}
    snapshots = latest_snapshots([a.id for a in visible.values() if a is not None])
    wanted = wanted_of(position.requirements)
    return [
        _row(
            inv,
            now,
            decisions.get(inv.id),
            snapshots.get(attempt.id) if (attempt := visible[inv.id]) is not None else None,
            wanted,
        )
        for inv in invitations
    ]


def _sort_key(sort: str) -> Callable[[PipelineRow], tuple[Any, ...]]:
    """Rows without a value sort last whatever the direction (the caller handles that)."""
    keys: dict[str, Callable[[PipelineRow], Any]] = {
        "name": lambda r: r.name.casefold(),
        "status": lambda r: _STATUS_ORDER.get(r.status, 99),
        "readiness": lambda r: r.readiness.mean if r.readiness else None,
        "time": lambda r: r.time_taken,
        "submitted": lambda r: r.submitted_at,
        "decision": lambda r: _DECISION_ORDER.get(r.decision) if r.decision else None,
    }
    key = keys[sort]
    return lambda r: (key(r), r.invitation_id)


def select_rows(
    rows: Sequence[PipelineRow],
    *,
    sort: str = "name",
    descending: bool = False,
    status: str = "",
    decision: str = "",
) -> list[PipelineRow]:
    """Filter by status and decision ("none": no decision yet), then sort; empty values last."""
    chosen = [
        r
        for r in rows
        if (not status or r.status == status)
        and (not decision or (r.decision or NO_DECISION) == decision)
    ]
    key = _sort_key(sort if sort in SORTS else "name")
    present = [r for r in chosen if key(r)[0] is not None]
    missing = [r for r in chosen if key(r)[0] is None]
    return sorted(present, key=key, reverse=descending) + sorted(
        missing, key=lambda r: r.invitation_id
    )


CSV_HEADER = (
    "Candidate",
    "Email",
    "Status",
    "Readiness",
    "Readiness low",
    "Readiness high",
    "Top gaps",
    "Time taken (minutes)",
    "Submitted",
    "Decision",
)


def rows_csv(rows: Sequence[PipelineRow]) -> str:
    """The rows as CSV (``quiz.core.downloads``: every cell guarded against formulas)."""
    return csv_text(
        CSV_HEADER,
        (
            (
                r.name,
                r.email or "",
                r.status,
                r.readiness.mean if r.readiness else "",
                r.readiness.low if r.readiness else "",
                r.readiness.high if r.readiness else "",
                "; ".join(r.gaps),
                round(r.time_taken.total_seconds() / 60, 1) if r.time_taken else "",
                r.submitted_at.strftime("%Y-%m-%d %H:%M") if r.submitted_at else "",
                r.decision or "",
            )
            for r in rows
        ),
    )
