"""Positions: created from a role profile or from a reviewed job-description proposal, and
the plan an attempt for a position is drawn with."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import current_app

from quiz.attempts import modes
from quiz.attempts.taking import Plan
from quiz.bank import Content
from quiz.bank.draw import members
from quiz.bank.schema import RoleProfile
from quiz.core import audit
from quiz.core.content import current_content
from quiz.extensions import db
from quiz.jd import Proposal, propose, targets_for, vocabulary_for
from quiz.models import Organisation, Position, User
from quiz.models.base import utcnow
from quiz.models.recruiting import WEIGHTS, new_public_slug

MODES = {"quick": modes.QUICK.title, "full": modes.FULL.title}
SENIORITIES = {"junior": "Junior", "mid": "Mid-level", "senior": "Senior"}


@dataclass(frozen=True)
class Settings:
    """How candidates take a position's assessment and what the recruiter may see."""

    title: str
    mode: str
    time_limit_minutes: int | None
    review_shown: bool
    answers_visible: bool
    invitation_days: int


@dataclass(frozen=True)
class Reviewed:
    """One requirement as the recruiter left it after reviewing a proposal."""

    id: str
    weight: str
    target: int
    evidence: str = ""


def proposal_for(text: str) -> Proposal:
    """The job-description proposal on the content new attempts are drawn from."""
    content = current_content()
    vocabulary = vocabulary_for(current_app.config["QUESTIONS_DIR"])
    return propose(text, content.requirements, content.profiles, vocabulary)


def _covered(profile: RoleProfile, ids: set[str]) -> list[str]:
    """The profile's entries (requirements or any-of groups) that stand for any of ``ids``."""
    return [key for key in profile.requirements if ids & set(members(profile, key))]


def default_targets(seniority: str) -> dict[str, int]:
    """The target per weight a proposal gives at ``seniority`` (from the catalog's
    ``<seniority>-backend`` profile)."""
    level = seniority if seniority in SENIORITIES else "mid"
    return targets_for(level, current_content().profiles)


def base_profile(ids: list[str], seniority: str, profiles: Mapping[str, RoleProfile]) -> str:
    """The catalog profile to draw from: the one covering most of ``ids``, preferring the
    ``<seniority>-backend`` profile on a tie, then catalog order."""
    wanted = set(ids)
    preferred = f"{seniority}-backend"
    return max(
        profiles,
        key=lambda pid: (len(_covered(profiles[pid], wanted)), pid == preferred),
    )


def _create(org: Organisation, user: User, settings: Settings, **values: Any) -> Position:
    position = Position(organisation_id=org.id, created_by=user.id, **settings.__dict__, **values)
    db.session.add(position)
    db.session.commit()
    return position


def from_profile(org: Organisation, user: User, profile_id: str, settings: Settings) -> Position:
    """A position assessing exactly a catalog profile (its requirements are snapshotted)."""
    profile = current_content().profiles[profile_id]
    requirements = [
        {"id": key, "weight": entry.weight, "target": entry.target, "evidence": ""}
        for key, entry in profile.requirements.items()
    ]
    requirements.sort(key=lambda r: WEIGHTS.index(str(r["weight"])))
    seniority = profile_id.split("-")[0] if profile_id.split("-")[0] in SENIORITIES else "mid"
    return _create(
        org,
        user,
        settings,
        profile_id=profile_id,
        requirements=requirements,
        seniority=seniority,
        source="profile",
        uncovered=[],
    )


def from_jd(
    org: Organisation,
    user: User,
    settings: Settings,
    *,
    text: str,
    seniority: str,
    reviewed: list[Reviewed],
    uncovered: list[str],
) -> Position:
    """A position from a reviewed proposal: the recruiter's weights, targets and removals."""
    ids = [r.id for r in reviewed]
    requirements = [r.__dict__ for r in reviewed]
    requirements.sort(key=lambda r: WEIGHTS.index(str(r["weight"])))
    return _create(
        org,
        user,
        settings,
        profile_id=base_profile(ids, seniority, current_content().profiles),
        requirements=requirements,
        seniority=seniority,
        source="jd",
        jd_text=text,
        uncovered=uncovered,
    )


def update_settings(position: Position, settings: Settings) -> None:
    """Change a position's settings; attempts already started keep theirs."""
    for key, value in settings.__dict__.items():
        setattr(position, key, value)
    db.session.commit()


def audit_line(position: Position, actor: User, action: str, detail: str = "") -> None:
    """Record a change to ``position`` (or its invitations) in the audit log, and commit."""
    audit.record(
        action,
        f"position:{position.id}",
        actor=actor,
        organisation_id=position.organisation_id,
        detail=detail,
    )
    db.session.commit()


def positions_of(org_ids: list[int]) -> list[Position]:
    """Positions of these organisations, newest first."""
    return list(
        db.session.scalars(
            sa.select(Position)
            .where(Position.organisation_id.in_(org_ids))
            .order_by(Position.created_at.desc(), Position.id.desc())
        )
    )


def set_public_link(position: Position, enabled: bool) -> None:
    """Open a public link (a fresh slug) or close it (old links stop working)."""
    position.public_slug = new_public_slug() if enabled else None
    db.session.commit()


def close(position: Position) -> None:
    """Close the position: no new invitations, links stop accepting candidates."""
    position.closed_at = position.closed_at or utcnow()
    db.session.commit()


def attempt_plan(position: Position, content: Content, quick_length: int) -> Plan:
    """How an attempt for ``position`` is drawn: its profile, limited to its requirements,
    preferring the languages and frameworks the position names."""
    profile = content.profiles[position.profile_id]
    ids = set(position.requirement_ids)
    covered = _covered(profile, ids)
    stack = tuple(
        r
        for key in covered
        if profile.requirements[key].any_of
        for r in members(profile, key)
        if r in ids
    )
    mode = modes.MODES.get(position.mode, modes.QUICK)
    count = len(covered) or len(profile.requirements)
    return Plan(
        profile_id=profile.id,
        mode=mode,
        length=modes.length_for(mode, quick_length, count, 0),
        requirements=tuple(covered),
        stack=stack,
        time_limit_seconds=position.time_limit_minutes * 60
        if position.time_limit_minutes
        else None,
        review_allowed=position.review_shown,
    )
