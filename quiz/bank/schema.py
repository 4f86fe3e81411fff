"""Pydantic models for the files under ``questions/``.

These models describe the text format (requirements catalog, role profiles and question banks)
and reject malformed content with messages that name the offending field. Checks that need more
than one file (an item naming an unknown requirement, a profile weighting one) live in
``loader.py``; the item models (one per question type) live in ``items.py`` and are
re-exported here.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, HttpUrl, field_validator, model_validator

from quiz.bank.items import (
    ID_PATTERN,
    OPTION_ID_PATTERN,
    CodeBlock,
    CodeReadingItem,
    Item,
    ItemBase,
    JudgedOption,
    MultipleSelectItem,
    NumericAnswer,
    Option,
    OrderingItem,
    ShortAnswerItem,
    SingleChoiceItem,
    SituationalJudgmentItem,
    Strict,
    TrueFalseItem,
    is_item_id,
)

# The item models are re-exported: ``from quiz.bank.schema import Item`` keeps working.
__all__ = [
    "ID_PATTERN",
    "OPTION_ID_PATTERN",
    "Area",
    "Bank",
    "Catalog",
    "Citation",
    "CodeBlock",
    "CodeReadingItem",
    "Item",
    "ItemBase",
    "JudgedOption",
    "MultipleSelectItem",
    "NumericAnswer",
    "Option",
    "OrderingItem",
    "ProfileRequirement",
    "Requirement",
    "Resource",
    "RoleProfile",
    "ShortAnswerItem",
    "SingleChoiceItem",
    "SituationalJudgmentItem",
    "Strict",
    "TrueFalseItem",
    "is_item_id",
]


# --- requirements catalog -------------------------------------------------------------------


class Citation(Strict):
    """An exact quote from a seed article that documents a requirement."""

    seed: Annotated[str, Field(min_length=1)]
    quote: Annotated[str, Field(min_length=3)]

    @field_validator("quote")
    @classmethod
    def _quote_length(cls, value: str) -> str:
        if len(value.split()) > 25:
            raise ValueError("quote is longer than 25 words")
        return value


class Resource(Strict):
    """A learning resource: official documentation, an RFC or a well-known free course."""

    title: Annotated[str, Field(min_length=3)]
    url: HttpUrl


class Area(Strict):
    """A knowledge area, the unit of the per-area scores in a report."""

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    title: Annotated[str, Field(min_length=2)]


class Requirement(Strict):
    """One documented requirement of the back-end engineer role."""

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    area: str
    title: Annotated[str, Field(min_length=3)]
    why: Annotated[str, Field(min_length=20)]
    self_declared: bool = False
    citations: Annotated[list[Citation], Field(min_length=1)]
    resources: list[Resource] = Field(default_factory=list)
    # Phrases and technology names in a job description that point to this requirement
    # (matched whole-word by quiz/jd; see docs/jd-matching.md).
    synonyms: list[Annotated[str, Field(min_length=1)]] = Field(default_factory=list)

    @field_validator("synonyms")
    @classmethod
    def _synonyms_unique(cls, value: list[str]) -> list[str]:
        folded = [s.casefold() for s in value]
        repeated = sorted({s for s in folded if folded.count(s) > 1})
        if repeated:
            raise ValueError(f"synonym listed twice: {', '.join(repeated)}")
        return value


class Catalog(Strict):
    """The whole of ``questions/requirements.yaml``."""

    areas: Annotated[list[Area], Field(min_length=1)]
    requirements: Annotated[list[Requirement], Field(min_length=1)]


# --- role profiles ----------------------------------------------------------------------------

Weight = Literal["must", "should", "nice"]


SHORT_TITLE_MAX = 24


class ProfileRequirement(Strict):
    """How much a role needs one requirement and the mastery level (0-100) it expects.

    With ``any_of`` the entry is a group (its key a new id, e.g. ``server-language``) that is
    met by the best of its member requirements; ``title`` and ``why`` then describe it.
    """

    weight: Weight
    target: Annotated[int, Field(ge=0, le=100)]
    any_of: list[str] = Field(default_factory=list)
    title: str | None = None
    why: str | None = None

    @model_validator(mode="after")
    def _group_is_described(self) -> ProfileRequirement:
        if self.any_of:
            if len(self.any_of) < 2:
                raise ValueError("an any_of group needs at least two members")
            if len(set(self.any_of)) != len(self.any_of):
                raise ValueError("an any_of group lists a member twice")
            if not self.title:
                raise ValueError("an any_of group needs a 'title'")
        elif self.title or self.why:
            raise ValueError("'title' and 'why' belong to any_of groups only")
        return self


class RoleProfile(Strict):
    """A target role: which requirements it weighs and how high the bar is for each."""

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    title: Annotated[str, Field(min_length=3)]
    # A name that fits chart labels (the career ladder); the title when absent.
    short_title: Annotated[str, Field(min_length=2, max_length=SHORT_TITLE_MAX)] | None = None
    description: Annotated[str, Field(min_length=10)]
    order: int = 100

    @property
    def label(self) -> str:
        """The short name when there is one, else the title."""
        return self.short_title or self.title

    requirements: Annotated[dict[str, ProfileRequirement], Field(min_length=1)]


# --- banks ------------------------------------------------------------------------------------


class Bank(Strict):
    """The whole of one ``questions/banks/<area>.yaml`` file."""

    area: Annotated[str, Field(pattern=ID_PATTERN)]
    items: Annotated[list[Item], Field(min_length=1)]
