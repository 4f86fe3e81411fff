"""Role profiles and their requirements (read): what a candidate can be assessed against."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from quiz.api.errors import not_found
from quiz.api.pagination import PageQuery, after_in_memory
from quiz.api.routes import bp
from quiz.api.spec import operation
from quiz.bank import Content
from quiz.core.content import current_content

SCOPE = "profiles:read"
TAG = "profiles"


class RequirementOut(BaseModel):
    """A requirement of a role, with the level the role expects (0–100) and its weight."""

    id: str
    title: str
    area: str | None
    why: str | None
    weight: str
    target: int
    any_of: list[str] = Field(description="Any one of these requirements satisfies this one.")


class ProfileSummary(BaseModel):
    """A role profile in a list."""

    id: str
    title: str
    description: str
    requirement_count: int


class ProfileOut(ProfileSummary):
    """A role profile with its requirements."""

    requirements: list[RequirementOut]


class ProfilePage(BaseModel):
    """A page of role profiles."""

    items: list[ProfileSummary]
    next_cursor: str | None


def _requirements(content: Content, profile: Any) -> list[RequirementOut]:
    found = []
    for req_id, entry in profile.requirements.items():
        known = content.requirements.get(req_id)
        found.append(
            RequirementOut(
                id=req_id,
                title=entry.title or (known.title if known else req_id),
                area=known.area if known else None,
                why=entry.why or (known.why if known else None),
                weight=str(entry.weight),
                target=entry.target,
                any_of=list(entry.any_of),
            )
        )
    return found


def _summary(profile: Any) -> ProfileSummary:
    return ProfileSummary(
        id=profile.id,
        title=profile.title,
        description=profile.description,
        requirement_count=len(profile.requirements),
    )


@bp.get("/profiles")
@operation(SCOPE, TAG, ok=ProfilePage, query=PageQuery)
def list_profiles(query: PageQuery) -> ProfilePage:
    """List the role profiles."""
    profiles = list(current_content().profiles.values())
    shown, cursor = after_in_memory(profiles, query, lambda p: p.id, str)
    return ProfilePage(items=[_summary(p) for p in shown], next_cursor=cursor)


@bp.get("/profiles/<profile_id>")
@operation(SCOPE, TAG, ok=ProfileOut)
def get_profile(profile_id: str) -> ProfileOut:
    """A role profile with its requirements."""
    content = current_content()
    profile = content.profiles.get(profile_id)
    if profile is None:
        raise not_found("role profile")
    return ProfileOut(
        **_summary(profile).model_dump(), requirements=_requirements(content, profile)
    )
