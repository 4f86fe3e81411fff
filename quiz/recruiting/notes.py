"""Recruiters' notes and decisions on a candidate, each recorded in the audit log.

A note is added, never edited; a decision (advance / hold / reject) is set or changed, and
setting the same decision again records nothing. Every change writes an audit row naming who
did it, when and what, in the same transaction as the change itself.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from quiz.extensions import db
from quiz.models import CandidateDecision, CandidateNote, Invitation, PipelineAudit, User
from quiz.models.base import utcnow
from quiz.models.pipeline import DECISIONS

DECISION_LABELS = {"advance": "Advance", "hold": "Hold", "reject": "Reject"}


def _audit(invitation: Invitation, actor: User, action: str, detail: str) -> None:
    db.session.add(
        PipelineAudit(
            invitation_id=invitation.id,
            actor_id=actor.id,
            actor_name=actor.name or actor.email,
            action=action,
            detail=detail,
            created_at=utcnow(),
        )
    )


def add_note(invitation: Invitation, author: User, body: str) -> CandidateNote:
    """Add a note on the candidate and record it in the audit log."""
    note = CandidateNote(
        invitation_id=invitation.id,
        author_id=author.id,
        author_name=author.name or author.email,
        body=body,
        created_at=utcnow(),
    )
    db.session.add(note)
    _audit(invitation, author, "note", f"Added a note: {body}")
    db.session.commit()
    return note


def set_decision(invitation: Invitation, actor: User, decision: str) -> bool:
    """Set or change the decision; False (and nothing recorded) when it is unchanged."""
    if decision not in DECISIONS:
        raise ValueError(f"unknown decision {decision!r}")
    current = db.session.get(CandidateDecision, invitation.id)
    if current is not None and current.decision == decision:
        return False
    label = DECISION_LABELS[decision]
    if current is None:
        db.session.add(
            CandidateDecision(
                invitation_id=invitation.id,
                decision=decision,
                decided_by=actor.id,
                decided_at=utcnow(),
            )
        )
        detail = f"Decision set to {label}"
    else:
        detail = f"Decision changed from {DECISION_LABELS[current.decision]} to {label}"
        current.decision, current.decided_by, current.decided_at = decision, actor.id, utcnow()
    _audit(invitation, actor, "decision", detail)
    db.session.commit()
    return True


@dataclass(frozen=True)
class History:
    """A candidate's current decision, notes and audit log, oldest first."""

    decision: str | None
    notes: list[CandidateNote]
    audit: list[PipelineAudit]


def history(invitation: Invitation) -> History:
    """What the candidate's page shows of the recruiters' work."""
    current = db.session.get(CandidateDecision, invitation.id)
    notes = db.session.scalars(
        sa.select(CandidateNote)
        .where(CandidateNote.invitation_id == invitation.id)
        .order_by(CandidateNote.id)
    )
    audit = db.session.scalars(
        sa.select(PipelineAudit)
        .where(PipelineAudit.invitation_id == invitation.id)
        .order_by(PipelineAudit.id)
    )
    return History(current.decision if current else None, list(notes), list(audit))
