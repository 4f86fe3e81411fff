"""Editing a position. While no candidate has started (or attached a report), everything may
change in place. Afterwards, a change to what is assessed or how (requirements, weights,
targets, mode) makes a new version: candidates who start from then on take the new version,
and each invitation keeps the version its candidate took (the pipeline shows it). Every
candidate is scored against the current requirements, so the pipeline ranks on one scale.
Each edit writes an audit line with what changed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from quiz.core import audit
from quiz.extensions import db
from quiz.models import Invitation, Position, User
from quiz.models.recruiting import WEIGHTS


@dataclass(frozen=True)
class Edit:
    """What the recruiter left on the edit form."""

    title: str
    mode: str
    time_limit_minutes: int | None
    invitation_days: int
    requirements: list[dict[str, Any]]  # id, weight, target, evidence


def started(position: Position) -> bool:
    """Whether any candidate has started the position's assessment or attached a report."""
    found = db.session.scalar(
        sa.select(Invitation.id)
        .where(
            Invitation.position_id == position.id,
            sa.or_(Invitation.attempt_id.is_not(None), Invitation.shared_attempt_id.is_not(None)),
        )
        .limit(1)
    )
    return found is not None


def _scoring(requirements: list[dict[str, Any]]) -> list[tuple[str, str, int]]:
    return sorted((str(r["id"]), str(r["weight"]), int(r["target"])) for r in requirements)


def apply(position: Position, edit: Edit, actor: User) -> str:
    """Apply ``edit``; returns a sentence saying what happened (for the flash message)."""
    requirements = sorted(edit.requirements, key=lambda r: WEIGHTS.index(str(r["weight"])))
    rescored = _scoring(requirements) != _scoring(position.requirements)
    changed_mode = edit.mode != position.mode
    new_version = (rescored or changed_mode) and started(position)
    before = {
        "title": position.title,
        "mode": position.mode,
        "requirements": position.requirements,
        "version": position.version,
    }
    position.title = edit.title
    position.mode = edit.mode
    position.time_limit_minutes = edit.time_limit_minutes
    position.invitation_days = edit.invitation_days
    position.requirements = requirements
    if new_version:
        position.version += 1
    audit.record(
        "position.edited",
        f"position:{position.id}",
        actor=actor,
        organisation_id=position.organisation_id,
        detail=f"Version {position.version}; before: {before}",
    )
    db.session.commit()
    if new_version:
        return (
            f"Saved as version {position.version}: candidates who start from now on take it; "
            "those who started before keep the test they took, and everyone is scored against "
            "the current requirements."
        )
    return "Saved."
