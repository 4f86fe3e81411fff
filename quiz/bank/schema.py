"""Pydantic models for the files under ``questions/``.

These models describe the text format (requirements catalog, role profiles and question banks)
and reject malformed content with messages that name the offending field. Checks that need more
than one file (an item naming an unknown requirement, a profile weighting one) live in
``loader.py``; checks that are specific to one question type live in that type's model here.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, field_validator, model_validator

ID_PATTERN = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"
OPTION_ID_PATTERN = r"^[A-H]$"


class Strict(BaseModel):
    """Base for every content model: unknown keys are errors, not silently dropped."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


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
    resources: list[Resource] = []
    # Phrases and technology names in a job description that point to this requirement
    # (matched whole-word by quiz/jd; see docs/jd-matching.md).
    synonyms: list[Annotated[str, Field(min_length=1)]] = []

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
    any_of: list[str] = []
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


# --- question items ---------------------------------------------------------------------------


class Option(Strict):
    """One answer option of a choice-based item."""

    id: Annotated[str, Field(pattern=OPTION_ID_PATTERN)]
    text: Annotated[str, Field(min_length=1)]


class JudgedOption(Option):
    """A situational-judgment option: every option carries credit and the reason for it."""

    credit: Annotated[float, Field(ge=0.0, le=1.0)]
    rationale: Annotated[str, Field(min_length=10)]


class CodeBlock(Strict):
    """A snippet shown in monospace with whitespace preserved.

    ``output``, when given, is the exact standard output of running ``text`` (trailing
    whitespace aside); tests/unit/test_runnable_items.py runs the snippet and compares.
    """

    language: Annotated[str, Field(min_length=1)]
    text: Annotated[str, Field(min_length=1)]
    output: str | None = None


class ItemBase(Strict):
    """Fields every item has, whatever its type."""

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    stem: Annotated[str, Field(min_length=10)]
    code: CodeBlock | None = None
    explanation: Annotated[str, Field(min_length=20)]
    difficulty: Annotated[int, Field(ge=1, le=3)]
    requirements: Annotated[list[str], Field(min_length=1)]
    reference: HttpUrl


def _option_range(options: list[Option]) -> str:
    ids = [o.id for o in options]
    return f"{ids[0]}–{ids[-1]}" if ids else "(none)"


def _check_options(options: list[Option]) -> None:
    ids = [o.id for o in options]
    if len(set(ids)) != len(ids):
        raise ValueError("option ids repeat")
    expected = [chr(ord("A") + i) for i in range(len(ids))]
    if ids != expected:
        raise ValueError(f"option ids must be {', '.join(expected)} in order, got {', '.join(ids)}")
    texts = [_normal(o.text) for o in options]
    if len(set(texts)) != len(texts):
        raise ValueError("two options have the same text")
    banned = {"all of the above", "none of the above"}
    if any(t.rstrip(".") in banned for t in texts):
        raise ValueError("'all/none of the above' options are not allowed")


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower())


class SingleChoiceItem(ItemBase):
    """Exactly one correct option among three to five."""

    type: Literal["single_choice"]
    options: Annotated[list[Option], Field(min_length=3, max_length=5)]
    answer: str

    @model_validator(mode="after")
    def _answer_is_an_option(self) -> SingleChoiceItem:
        _check_options(self.options)
        if self.answer not in {o.id for o in self.options}:
            raise ValueError(
                f"answer '{self.answer}' is not one of the options {_option_range(self.options)}"
            )
        return self


class CodeReadingItem(SingleChoiceItem):
    """A single-choice question about a code, SQL or configuration snippet."""

    type: Literal["code_reading"]  # type: ignore[assignment]

    @model_validator(mode="after")
    def _has_code(self) -> CodeReadingItem:
        if self.code is None:
            raise ValueError("code_reading items need a 'code' block")
        return self


class MultipleSelectItem(ItemBase):
    """Choose every correct option; graded with partial credit."""

    type: Literal["multiple_select"]
    options: Annotated[list[Option], Field(min_length=4, max_length=6)]
    answer: Annotated[list[str], Field(min_length=2)]

    @model_validator(mode="after")
    def _answers_are_options(self) -> MultipleSelectItem:
        _check_options(self.options)
        ids = {o.id for o in self.options}
        for key in self.answer:
            if key not in ids:
                raise ValueError(
                    f"answer '{key}' is not one of the options {_option_range(self.options)}"
                )
        if len(set(self.answer)) != len(self.answer):
            raise ValueError("answer lists an option twice")
        if len(self.answer) >= len(self.options):
            raise ValueError("every option is a key; at least one must be wrong")
        return self


class TrueFalseItem(ItemBase):
    """A statement that is unambiguously true or false."""

    type: Literal["true_false"]
    answer: bool


class NumericAnswer(Strict):
    """A numeric key with an absolute tolerance."""

    value: float
    tolerance: Annotated[float, Field(ge=0.0)] = 0.0


class ShortAnswerItem(ItemBase):
    """A typed answer matched against accepted spellings, or a number within a tolerance."""

    type: Literal["short_answer"]
    accepted: list[str] = []
    case_sensitive: bool = False
    numeric: NumericAnswer | None = None

    @model_validator(mode="after")
    def _has_a_key(self) -> ShortAnswerItem:
        if bool(self.accepted) == (self.numeric is not None):
            raise ValueError("give either 'accepted' answers or a 'numeric' key, not both")
        return self


class OrderingItem(ItemBase):
    """Put four to six steps in order; graded by the share of correctly ordered pairs."""

    type: Literal["ordering"]
    options: Annotated[list[Option], Field(min_length=4, max_length=6)]
    answer: list[str]

    @model_validator(mode="after")
    def _answer_is_a_permutation(self) -> OrderingItem:
        _check_options(self.options)
        if sorted(self.answer) != sorted(o.id for o in self.options):
            raise ValueError("answer must list every option id exactly once")
        return self


class SituationalJudgmentItem(ItemBase):
    """A work scene; every option earns graded credit with a rationale."""

    type: Literal["situational_judgment"]
    options: Annotated[list[JudgedOption], Field(min_length=3, max_length=5)]

    @model_validator(mode="after")
    def _one_best_option(self) -> SituationalJudgmentItem:
        _check_options(list(self.options))
        best = [o for o in self.options if o.credit == 1.0]
        if len(best) != 1:
            raise ValueError("exactly one option must carry credit 1.0")
        return self


Item = Annotated[
    SingleChoiceItem
    | CodeReadingItem
    | MultipleSelectItem
    | TrueFalseItem
    | ShortAnswerItem
    | OrderingItem
    | SituationalJudgmentItem,
    Field(discriminator="type"),
]


class Bank(Strict):
    """The whole of one ``questions/banks/<area>.yaml`` file."""

    area: Annotated[str, Field(pattern=ID_PATTERN)]
    items: Annotated[list[Item], Field(min_length=1)]
