"""What a recruiter's page on one candidate shows: the pipeline row, the result only when
``visible_attempt`` allows it, individual answers only when the position says so, and the
recruiters' notes, decision and audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from quiz.attempts.snapshots import snapshot_for
from quiz.core.content import current_content
from quiz.models import Attempt, Invitation, Position, ReportSnapshot
from quiz.orgbanks.sources import owner_of
from quiz.recruiting.fit import wanted_of
from quiz.recruiting.notes import History, history
from quiz.recruiting.pipeline import PipelineRow, load_rows
from quiz.recruiting.scorecard import position_data
from quiz.recruiting.visibility import visible_attempt
from quiz.reports.review import ReviewRow, review_rows


@dataclass(frozen=True)
class CandidateView:
    """Everything the candidate's page shows besides the forms."""

    row: PipelineRow
    attempt: Attempt | None
    snapshot: ReportSnapshot | None
    answers: list[ReviewRow] | None  # None: the position keeps individual answers hidden
    history: History
    withheld: int = 0  # questions of another organisation's own bank, never shown here


def requirement_titles(position: Position) -> dict[str, str]:
    """Titles of the position's requirements from the catalog (the id when not found)."""
    catalog = current_content().requirements
    return {
        req_id: catalog[req_id].title if req_id in catalog else req_id
        for req_id in position.requirement_ids
    }


def build(invitation: Invitation, now: datetime) -> CandidateView:
    """The candidate's page data at ``now``."""
    (row,) = load_rows(invitation.position, now, [invitation.id])
    attempt = visible_attempt(invitation)
    snapshot = snapshot_for(attempt) if attempt is not None else None
    answers, withheld = None, 0
    if attempt is not None and answers_shown(invitation):
        answers, withheld = _own_or_ours(review_rows(attempt), invitation.position.organisation_id)
    return CandidateView(row, attempt, snapshot, answers, history(invitation), withheld)


def _own_or_ours(rows: list[ReviewRow], org_id: int) -> tuple[list[ReviewRow], int]:
    """The rows a company may read: our items and its own. A report the candidate attached
    may come from a bootcamp's assignment on that bootcamp's private bank: those questions
    stay private (counted, never shown)."""
    kept = [r for r in rows if owner_of(r.item.id) in (None, org_id)]
    return kept, len(rows) - len(kept)


def answers_shown(invitation: Invitation) -> bool:
    """Whether recruiters may read the candidate's individual answers: the position allows
    it and the candidate agreed to exactly that."""
    return invitation.position.answers_visible and invitation.answers_consented


def report_data(position: Position, snapshot: ReportSnapshot) -> dict[str, Any]:
    """The candidate's report as the position reads it: its requirements, weights, targets
    and readiness (the pipeline's figure)."""
    data = snapshot.data or {}
    return position_data(
        data, wanted_of(position.requirements), requirement_titles(position), position.title
    )
