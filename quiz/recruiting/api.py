"""Positions and their pipeline, for recruiters.

The same rules as the recruiting pages (``quiz.core.access``): only owners and recruiters of the
position's company see it; another organisation's ids answer 404. The pipeline rows are the
pipeline page's (``quiz.recruiting.pipeline``): scores only for a visible result, so a
withdrawn candidate has none.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask import g
from pydantic import BaseModel, Field

from quiz.api.pagination import PageQuery, keyset_page
from quiz.api.routes import bp
from quiz.api.spec import operation
from quiz.core import access
from quiz.core.content import current_content
from quiz.models import Invitation, Position
from quiz.models.base import utcnow
from quiz.recruiting.pipeline import PipelineRow, load_rows

SCOPE = "positions:read"
TAG = "positions"


class PositionSummary(BaseModel):
    """A position of one of your companies."""

    id: int
    title: str
    organisation_id: int
    organisation_name: str
    profile_id: str
    seniority: str
    source: str = Field(description='"profile" or "jd" (from a job description).')
    created_at: datetime
    closed_at: datetime | None


class PositionRequirementOut(BaseModel):
    """A requirement of the position, with its weight and the level it expects (0–100)."""

    id: str
    title: str
    weight: str = Field(description='"must", "should" or "nice".')
    target: int
    evidence: str = Field(description="The job description's phrase it came from, or empty.")


class PositionSettings(BaseModel):
    """How candidates take the position's assessment."""

    mode: str
    time_limit_minutes: int | None
    review_shown: bool
    answers_visible: bool
    invitation_days: int
    public_link: bool = Field(description="Whether the position has a public invitation link.")


class PositionOut(PositionSummary):
    """A position with its requirements and settings."""

    requirements: list[PositionRequirementOut]
    uncovered: list[str] = Field(description="Technologies named that the catalog does not test.")
    settings: PositionSettings


class PositionPage(BaseModel):
    """A page of positions."""

    items: list[PositionSummary]
    next_cursor: str | None


class ReadinessOut(BaseModel):
    """Readiness for the position on 0–100 with a 90% interval."""

    mean: float
    low: float
    high: float
    assessed: int = Field(description="Requirements the result measured.")
    total: int


class PipelineRowOut(BaseModel):
    """One candidate of the pipeline; scores only when their result is visible to you."""

    invitation_id: int
    name: str
    email: str | None
    status: str
    decision: str | None
    readiness: ReadinessOut | None
    top_gaps: list[str] = Field(description="Requirement titles, largest impact first.")
    time_taken_seconds: float | None
    submitted_at: datetime | None


class PipelinePage(BaseModel):
    """A page of a position's pipeline, by invitation id."""

    items: list[PipelineRowOut]
    next_cursor: str | None


def _summary(p: Position) -> dict[str, Any]:
    return {
        "id": p.id,
        "title": p.title,
        "organisation_id": p.organisation_id,
        "organisation_name": p.organisation.name,
        "profile_id": p.profile_id,
        "seniority": p.seniority,
        "source": p.source,
        "created_at": p.created_at,
        "closed_at": p.closed_at,
    }


def _requirements(p: Position) -> list[PositionRequirementOut]:
    known = current_content().requirements
    found = []
    for r in p.requirements:
        req_id = str(r["id"])
        catalog = known.get(req_id)
        found.append(
            PositionRequirementOut(
                id=req_id,
                title=catalog.title if catalog else req_id,
                weight=str(r["weight"]),
                target=int(r["target"]),
                evidence=str(r.get("evidence") or ""),
            )
        )
    return found


def _row_out(row: PipelineRow) -> PipelineRowOut:
    ready = row.readiness
    return PipelineRowOut(
        invitation_id=row.invitation_id,
        name=row.name,
        email=row.email,
        status=row.status,
        decision=row.decision,
        readiness=ReadinessOut(
            mean=ready.mean,
            low=ready.low,
            high=ready.high,
            assessed=ready.assessed,
            total=ready.total,
        )
        if ready
        else None,
        top_gaps=list(row.gaps),
        time_taken_seconds=row.time_taken.total_seconds() if row.time_taken else None,
        submitted_at=row.submitted_at,
    )


@bp.get("/positions")
@operation(SCOPE, TAG, ok=PositionPage, query=PageQuery)
def list_positions(query: PageQuery) -> PositionPage:
    """List the positions of the companies you recruit for."""
    mine = Position.organisation_id.in_(access.recruiting_org_ids(g.api_token.user_id))
    shown, cursor = keyset_page(
        sa.select(Position).where(mine), Position.id, query, lambda p: int(p.id)
    )
    return PositionPage(items=[PositionSummary(**_summary(p)) for p in shown], next_cursor=cursor)


@bp.get("/positions/<int(max=2147483647):position_id>")
@operation(SCOPE, TAG, ok=PositionOut)
def get_position(position_id: int) -> PositionOut:
    """A position with its requirements (weights, targets) and settings."""
    p = access.recruiting_position(position_id)
    settings = PositionSettings(
        mode=p.mode,
        time_limit_minutes=p.time_limit_minutes,
        review_shown=p.review_shown,
        answers_visible=p.answers_visible,
        invitation_days=p.invitation_days,
        public_link=p.public_slug is not None,
    )
    return PositionOut(
        **_summary(p),
        requirements=_requirements(p),
        uncovered=list(p.uncovered or []),
        settings=settings,
    )


@bp.get("/positions/<int(max=2147483647):position_id>/pipeline")
@operation(SCOPE, TAG, ok=PipelinePage, query=PageQuery)
def get_pipeline(position_id: int, query: PageQuery) -> PipelinePage:
    """The position's candidates as on its pipeline page, in invitation order."""
    position = access.recruiting_position(position_id)
    statement = sa.select(Invitation.id).where(Invitation.position_id == position.id)
    shown, cursor = keyset_page(statement, Invitation.id, query, int)
    rows = load_rows(position, utcnow(), shown) if shown else []
    return PipelinePage(items=[_row_out(r) for r in rows], next_cursor=cursor)
