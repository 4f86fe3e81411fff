"""Map Moodle questions (from GIFT or Moodle XML) onto our item types, honestly.

Every question becomes an item, a skip with a reason, or an item plus warnings that say what
meaning was lost; nothing is imported silently wrong. The rules, per Moodle type, are written
out in ``docs/interchange.md``; ``shapes.py`` holds the per-type mapping, this module the
metadata every item needs (id, difficulty, requirements, reference, explanation) and the
final schema check.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import TypeAdapter, ValidationError

from quiz.bank import budget
from quiz.bank.bank_file import item_dict
from quiz.bank.interchange import SourceQuestion, category_hint, split_output, split_reference
from quiz.bank.rules import BANK, Rules, context_for
from quiz.bank.schema import Item, is_item_id
from quiz.bank.shapes import Skip, item_shape

_ITEM: TypeAdapter[Any] = TypeAdapter(Item)
DEFAULT_DIFFICULTY = 2


@dataclass(frozen=True)
class Issue:
    """A skipped question or a warning, with the line its question starts on."""

    line: int
    text: str


@dataclass(frozen=True)
class ImportSettings:
    """What the importer needs to know about the target bank and the catalog."""

    area: str
    requirement: str
    requirements: frozenset[str]  # scorable requirement ids of the catalog
    areas: dict[str, str] = field(default_factory=dict)  # area id -> title, for $CATEGORY
    existing: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> dumped item
    difficulty: int | None = None
    reference: str | None = None
    rules: Rules = BANK  # ORGANISATION: explanation and reference may be missing


@dataclass
class ImportReport:
    """Items that fit our schema (with their source line), skips and warnings."""

    items: list[tuple[int, Any]] = field(default_factory=list)
    skipped: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The ``--json`` shape of ``flask banks import``."""
        return {
            "items": [{"line": line, **item_dict(item)} for line, item in self.items],
            "skipped": [{"line": i.line, "reason": i.text} for i in self.skipped],
            "warnings": [{"line": i.line, "message": i.text} for i in self.warnings],
        }


def convert(questions: list[SourceQuestion], settings: ImportSettings) -> ImportReport:
    """Map every question; ``report.items`` are valid items with unique, unused ids."""
    report = ImportReport()
    ids = _IdAllocator(settings)
    hinted: set[str] = set()
    for question in questions:
        budget.scan(0)
        _category_warning(question, settings, hinted, report)
        warnings: list[str] = [f"lost in the import: {note}" for note in question.notes]
        # The reference ends the general feedback, before any per-answer feedback is folded in.
        question.general_feedback, reference = split_reference(
            question.general_feedback, is_html=question.html
        )
        # What a code block prints travels just before the reference (``join_output``).
        output = None
        if question.code is not None:
            question.general_feedback, output = split_output(question.general_feedback)
        try:
            draft = item_shape(question, warnings)
            if output is not None and "code" in draft:
                draft["code"]["output"] = output
            try:
                _metadata(question, draft, reference, settings, warnings)
            except Skip as skip:
                raise Skip(f"would be {draft['type']}, but {skip}") from None
            item = _validate(draft, settings.rules)
            item = ids.assign(question, item, warnings)
        except Skip as skip:
            report.skipped.append(Issue(question.line, str(skip)))
            continue
        report.items.append((question.line, item))
        report.warnings.extend(Issue(question.line, w) for w in warnings)
    return report


def _category_warning(
    question: SourceQuestion, settings: ImportSettings, hinted: set[str], report: ImportReport
) -> None:
    hint = category_hint(question.category) if question.category else ""
    if not hint or hint in hinted:
        return
    hinted.add(hint)
    folded = _slug(hint)
    for area_id, title in settings.areas.items():
        if folded in (area_id, _slug(title)) and area_id != settings.area:
            report.warnings.append(
                Issue(
                    question.line,
                    f"category '{hint}' looks like area '{area_id}', "
                    f"but the items go to '{settings.area}' (--area)",
                )
            )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _tag_values(question: SourceQuestion, name: str) -> list[str]:
    prefix = f"{name}:"
    return [t[len(prefix) :].strip() for t in question.tags if t.startswith(prefix)]


def _metadata(
    question: SourceQuestion,
    draft: dict[str, Any],
    reference: str | None,
    settings: ImportSettings,
    warnings: list[str],
) -> None:
    """Explanation, reference, difficulty and requirements: from the file, else the settings.

    Our banks need an explanation and a reference (a question without is skipped); an
    organisation's items may lack them, which is a warning.
    """
    explanation = draft.pop("feedback", "")
    strict = settings.rules.explanation_required
    if not explanation and strict:
        raise Skip(
            "no feedback to use as the explanation: give general feedback "
            "('####…' in GIFT, <generalfeedback> in Moodle XML); organisation banks "
            "accept questions without one"
        )
    if not explanation:
        warnings.append(
            "no feedback to use as the explanation; candidates will see "
            "'No explanation given' until one is added in the editor"
        )
    draft["explanation"] = explanation
    draft["reference"] = reference or settings.reference
    if draft["reference"] is None and settings.rules.reference_required:
        raise Skip(
            "no reference URL: pass --reference URL, or end the general feedback "
            "with a line 'Reference: https://…'"
        )
    if draft["reference"] is None:
        warnings.append("no reference URL in the source; add one in the editor")
    draft["difficulty"] = _difficulty(question, settings, warnings)
    tagged = _tag_values(question, "requirement")
    known = [r for r in tagged if r in settings.requirements]
    for unknown in sorted(set(tagged) - set(known)):
        warnings.append(f"requirement '{unknown}' is not in the catalog; tag dropped")
    draft["requirements"] = known or [settings.requirement]


def _difficulty(question: SourceQuestion, settings: ImportSettings, warnings: list[str]) -> int:
    for value in _tag_values(question, "difficulty"):
        if value in ("1", "2", "3"):
            return int(value)
        warnings.append(f"difficulty tag '{value}' is not 1, 2 or 3; ignored")
    if settings.difficulty is not None:
        return settings.difficulty
    warnings.append(
        f"no difficulty in the source; set to {DEFAULT_DIFFICULTY} (pass --difficulty to choose)"
    )
    return DEFAULT_DIFFICULTY


def _validate(draft: dict[str, Any], rules: Rules) -> Any:
    """The draft as a schema item under ``rules``, or a skip naming every schema problem."""
    draft.setdefault("id", "placeholder-id")
    try:
        return _ITEM.validate_python(draft, context=context_for(rules))
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = [str(p) for p in err["loc"] if p != draft["type"] and "function" not in str(p)]
            where = f"'{'.'.join(loc)}': " if loc else ""
            problems.append(where + err["msg"].removeprefix("Value error, "))
        raise Skip(f"does not fit type {draft['type']}: " + "; ".join(problems)) from exc


def _content_key(data: dict[str, Any]) -> str:
    """An item's content without its id, to find the same question under another id."""
    return json.dumps({k: v for k, v in data.items() if k != "id"}, sort_keys=True, default=str)


class _IdAllocator:
    """Ids from the source (id number, else title) when valid and free; else area-NNN."""

    def __init__(self, settings: ImportSettings) -> None:
        self.area = settings.area
        self.existing = settings.existing
        self.used: set[str] = set(settings.existing)
        self.same: dict[str, str] = {_content_key(d): i for i, d in settings.existing.items()}
        self.number = max((n for i in self.used if (n := self._number(i)) is not None), default=0)

    def assign(self, question: SourceQuestion, item: Any, warnings: list[str]) -> Any:
        twin = self.same.get(_content_key(item.model_dump(mode="json")))
        if twin is not None:
            raise Skip(f"item {twin} is already in the bank, unchanged")
        wanted = question.idnumber or question.title
        if wanted and is_item_id(wanted):
            if wanted not in self.used:
                return self._with_id(item, wanted)
            if self._same_as_existing(wanted, item):
                raise Skip(f"item {wanted} is already in the bank, unchanged")
            new = self._next()
            warnings.append(f"id '{wanted}' is already used; imported as {new}")
            return self._with_id(item, new)
        new = self._next()
        if wanted:
            warnings.append(f"name '{wanted}' is not a valid id; imported as {new}")
        return self._with_id(item, new)

    def _same_as_existing(self, item_id: str, item: Any) -> bool:
        dumped = item.model_copy(update={"id": item_id}).model_dump(mode="json")
        return bool(self.existing.get(item_id) == dumped)

    def _number(self, item_id: str) -> int | None:
        """N of an id ``AREA-N`` of this area."""
        prefix, _, digits = item_id.rpartition("-")
        ok = prefix == self.area and digits.isascii() and digits.isdigit()
        return int(digits) if ok else None

    def _next(self) -> str:
        """The next free ``AREA-NNN`` after the highest number in use (counted as ids are
        taken, so many questions cost one pass each)."""
        self.number += 1
        while f"{self.area}-{self.number:03d}" in self.used:
            self.number += 1
        return f"{self.area}-{self.number:03d}"

    def _with_id(self, item: Any, item_id: str) -> Any:
        self.used.add(item_id)
        self.number = max(self.number, self._number(item_id) or 0)
        return item.model_copy(update={"id": item_id})
