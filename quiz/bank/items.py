"""Pydantic models of question items, the one schema of our banks and organisations' banks.

Each type's model checks what is specific to it. The lengths and counts that differ between
our banks and an organisation's (explanation, reference, number of options) come from the
validation context (``quiz.bank.rules``); without one, our banks' strict rules hold.
An item whose ``text_format`` is ``html`` has its stem and explanation sanitized here, so no
unsafe markup can reach a page whichever way the item arrived.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    SerializerFunctionWrapHandler,
    ValidationInfo,
    field_validator,
    model_serializer,
    model_validator,
)

from quiz.bank.richtext import normalize_html
from quiz.bank.rules import count_error, rules_of

ID_PATTERN = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"
OPTION_ID_PATTERN = r"^[A-Z]$"  # how many are allowed is the rules' business


def is_item_id(text: str) -> bool:
    """True for a valid item id (``ID_PATTERN``), checked without a regular expression:
    lower-case ASCII words of letters and digits joined by single hyphens, starting with a
    letter."""
    words = text.split("-")
    return (
        text[:1].isascii()
        and text[:1].isalpha()
        and all(w and w.isascii() and w.isalnum() and w == w.lower() for w in words)
    )


class Strict(BaseModel):
    """Base for every content model: unknown keys are errors, not silently dropped."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Option(Strict):
    """One answer option of a choice-based item."""

    id: Annotated[str, Field(pattern=OPTION_ID_PATTERN)]
    text: Annotated[str, Field(min_length=1)]


class JudgedOption(Option):
    """A situational-judgment option: every option carries credit and the reason for it."""

    credit: Annotated[float, Field(ge=0.0, le=1.0)]
    rationale: str

    @field_validator("rationale")
    @classmethod
    def _rationale_length(cls, value: str, info: ValidationInfo) -> str:
        least = rules_of(info).rationale_min
        if len(value) < least:
            raise ValueError(f"String should have at least {least} characters")
        return value


class CodeBlock(Strict):
    """A snippet shown in monospace with whitespace preserved.

    ``output``, when given, is the exact standard output of running ``text`` (trailing
    whitespace aside); tests/unit/test_runnable_items.py runs the snippet and compares.
    """

    language: Annotated[str, Field(min_length=1)]
    text: Annotated[str, Field(min_length=1)]
    output: str | None = None


class ItemBase(Strict):
    """Fields every item has, whatever its type.

    ``text_format`` says whether ``stem`` and ``explanation`` are plain text (the default) or
    sanitized HTML; an organisation's item may have no explanation and no reference.
    """

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    text_format: Literal["plain", "html"] = "plain"
    stem: str
    code: CodeBlock | None = None
    explanation: str = Field(default="", validate_default=True)
    difficulty: Annotated[int, Field(ge=1, le=3)]
    requirements: Annotated[list[str], Field(min_length=1)]
    reference: HttpUrl | None = Field(default=None, validate_default=True)

    @model_validator(mode="before")
    @classmethod
    def _sanitize_html(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("text_format") == "html":
            data = dict(data)
            for name in ("stem", "explanation"):
                if isinstance(data.get(name), str):
                    data[name] = normalize_html(data[name])
        return data

    @field_validator("stem")
    @classmethod
    def _stem_length(cls, value: str, info: ValidationInfo) -> str:
        least = rules_of(info).stem_min
        if len(value) < least:
            raise ValueError(f"String should have at least {least} characters")
        return value

    @field_validator("explanation")
    @classmethod
    def _explanation_length(cls, value: str, info: ValidationInfo) -> str:
        rules = rules_of(info)
        if rules.explanation_required and not value:
            raise ValueError("Field required")
        if value and len(value) < rules.explanation_min:
            raise ValueError(f"String should have at least {rules.explanation_min} characters")
        return value

    @field_validator("reference")
    @classmethod
    def _reference_given(cls, value: HttpUrl | None, info: ValidationInfo) -> HttpUrl | None:
        if value is None and rules_of(info).reference_required:
            raise ValueError("Field required")
        return value

    option_counts: ClassVar[str] = "choices"  # which count of the rules an item's options use

    @field_validator("options", check_fields=False)
    @classmethod
    def _option_count(cls, value: list[Any], info: ValidationInfo) -> list[Any]:
        rules = rules_of(info)
        low, high = rules.lists if cls.option_counts == "lists" else rules.choices
        message = count_error(low, high, len(value))
        if message:
            raise ValueError(message)
        return value

    @model_serializer(mode="wrap")
    def _plain_format_unwritten(self, handler: SerializerFunctionWrapHandler) -> Any:
        """Plain text is the default and is left out, so plain items dump as they always did
        (and content version hashes do not change)."""
        data = handler(self)
        if isinstance(data, dict) and data.get("text_format") == "plain":
            del data["text_format"]
        return data


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
    """Exactly one correct option (three to five in our banks)."""

    type: Literal["single_choice"]
    options: list[Option]
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
    option_counts: ClassVar[str] = "lists"
    options: list[Option]
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
    """Put steps in order (four to six in our banks); credit is the share of ordered pairs."""

    type: Literal["ordering"]
    option_counts: ClassVar[str] = "lists"
    options: list[Option]
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
    options: list[JudgedOption]

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
