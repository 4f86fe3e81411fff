"""The item editor's plain fields, to and from the bank item shape, and the editor's checks.

The editor shows one form for every type: options one per line (a situational-judgment line
is ``credit | text | rationale``), and the key in one ``answer`` field whose meaning depends on
the type (a letter, letters, true/false, the order of letters, or accepted answers separated
by ``|``); a numeric short answer has its own field, a number with an optional ``± tolerance``.
``draft_from_fields`` builds the same dict a bank file holds; ``check_item`` validates it with
the bank's pydantic model and the item-level quality rules of ``banks check`` (near-duplicate
stems, absolute-word clues) under the organisation rules (``quiz.bank.rules``): an explanation
and a reference are optional, and their absence is a suggestion, not an error. No Flask here:
the web editor and the tests call the same code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import TypeAdapter, ValidationError

from quiz.bank.loader import Content
from quiz.bank.quality import absolute_word_clues, near_duplicates_of
from quiz.bank.rules import ORGANISATION_CONTEXT
from quiz.bank.schema import Item, is_item_id

_ITEM: TypeAdapter[Any] = TypeAdapter(Item)
TYPES = {
    "single_choice": "Single choice",
    "multiple_select": "Multiple select",
    "true_false": "True / false",
    "short_answer": "Short answer (text or number)",
    "ordering": "Ordering",
    "code_reading": "Code reading",
    "situational_judgment": "Situational judgment",
}
_LETTERS = re.compile(r"[A-Ja-j]")
_FLOAT = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")
TEXT_FORMATS = {"plain": "Plain text", "html": "HTML (sanitized: lists, tables, emphasis, links)"}
FIELDS = (
    *("type", "stem", "text_format", "code_language", "code", "code_output", "options"),
    *("answer", "numeric"),
    *("case_sensitive", "explanation", "difficulty", "requirements", "reference"),
)


@dataclass
class Checked:
    """The result of checking a draft: the item when valid, errors per field, quality notes."""

    item: Any = None
    errors: dict[str, list[str]] = field(default_factory=dict)
    quality: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)  # never block a save

    @property
    def ok(self) -> bool:
        """True when the item is valid and breaks no quality rule."""
        return self.item is not None and not self.errors and not self.quality

    def add(self, name: str, message: str) -> None:
        """Record an error on field ``name``."""
        self.errors.setdefault(name, []).append(message)


def _options(kind: str, text: str, checked: Checked) -> list[dict[str, Any]]:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    out: list[dict[str, Any]] = []
    for n, line in enumerate(lines):
        option: dict[str, Any] = {"id": chr(ord("A") + n) if n < 10 else f"#{n + 1}"}
        if kind == "situational_judgment":
            parts = [p.strip() for p in line.split("|")]
            if len(parts) != 3:
                checked.add("options", f"line {n + 1}: write 'credit | text | rationale'")
                continue
            try:
                option["credit"] = float(parts[0])
            except ValueError:
                checked.add("options", f"line {n + 1}: credit '{parts[0]}' is not a number")
                continue
            option["text"], option["rationale"] = parts[1], parts[2]
        else:
            option["text"] = line
        out.append(option)
    return out


def _answer(kind: str, text: str, draft: dict[str, Any], checked: Checked) -> None:
    text = text.strip()
    if kind in ("single_choice", "code_reading"):
        draft["answer"] = text.upper()
    elif kind in ("multiple_select", "ordering"):
        draft["answer"] = [letter.upper() for letter in _LETTERS.findall(text)]
    elif kind == "true_false":
        if text.lower() not in ("true", "false"):
            checked.add("answer", "write true or false")
        draft["answer"] = text.lower() == "true"
    elif kind == "short_answer":
        draft["accepted"] = [a.strip() for a in text.split("|") if a.strip()]


def _numeric(text: str, draft: dict[str, Any], checked: Checked) -> None:
    if not text.strip():
        return
    value, tolerance = text, "0"
    for sign in ("±", "+/-", "+-"):
        if sign in text:
            value, _, tolerance = text.partition(sign)
            break
    value, tolerance = value.strip(), tolerance.strip()
    if not (_FLOAT.fullmatch(value) and _FLOAT.fullmatch(tolerance)):
        checked.add("numeric", "write a number, optionally with a tolerance: 42 or 42 ± 0.5")
        return
    draft["numeric"] = {"value": float(value), "tolerance": float(tolerance)}


def draft_from_fields(fields: Mapping[str, Any], checked: Checked) -> dict[str, Any]:
    """The bank-item dict the editor's fields describe; format problems go to ``checked``."""
    kind = str(fields.get("type") or "")
    draft: dict[str, Any] = {"id": str(fields.get("id") or "").strip(), "type": kind}
    draft["stem"] = str(fields.get("stem") or "")
    draft["text_format"] = "html" if fields.get("text_format") == "html" else "plain"
    code = str(fields.get("code") or "")
    if code.strip():
        language = str(fields.get("code_language") or "").strip() or "text"
        draft["code"] = {"language": language, "text": code.rstrip()}
        output = str(fields.get("code_output") or "").rstrip()
        if output.strip():
            draft["code"]["output"] = output
    if kind not in ("true_false", "short_answer"):
        draft["options"] = _options(kind, str(fields.get("options") or ""), checked)
    if kind != "situational_judgment":
        _answer(kind, str(fields.get("answer") or ""), draft, checked)
    if kind == "short_answer":
        _numeric(str(fields.get("numeric") or ""), draft, checked)
        draft["case_sensitive"] = bool(fields.get("case_sensitive"))
    draft["explanation"] = str(fields.get("explanation") or "")
    draft["difficulty"] = fields.get("difficulty")
    draft["requirements"] = list(fields.get("requirements") or [])
    draft["reference"] = str(fields.get("reference") or "").strip() or None
    return draft


def fields_from_item(data: Mapping[str, Any]) -> dict[str, Any]:
    """The editor's fields for a stored item dict (the inverse of ``draft_from_fields``)."""
    kind = data["type"]
    options = data.get("options") or []
    if kind == "situational_judgment":
        lines = [f"{o['credit']:g} | {o['text']} | {o['rationale']}" for o in options]
    else:
        lines = [o["text"] for o in options]
    answer = data.get("answer")
    if kind == "true_false":
        answer = "true" if answer else "false"
    elif isinstance(answer, list):
        answer = ", ".join(answer)
    elif kind == "short_answer":
        answer = " | ".join(data.get("accepted") or [])
    numeric = data.get("numeric")
    code = data.get("code") or {}
    return {
        "id": data["id"],
        "type": kind,
        "stem": data.get("stem", ""),
        "text_format": data.get("text_format", "plain"),
        "code_language": code.get("language", ""),
        "code": code.get("text", ""),
        "code_output": code.get("output") or "",
        "options": "\n".join(lines),
        "answer": answer or "",
        "numeric": f"{numeric['value']!r} ± {numeric['tolerance']!r}" if numeric else "",
        "case_sensitive": bool(data.get("case_sensitive")),
        "explanation": data.get("explanation", ""),
        "difficulty": data.get("difficulty"),
        "requirements": list(data.get("requirements") or []),
        "reference": data.get("reference") or "",
    }


_FIELD_OF = {"accepted": "answer"}


def _field_for(loc: list[str], message: str) -> str:
    if loc:
        return _FIELD_OF.get(loc[0], loc[0])
    if "code" in message:
        return "code"
    if "option" in message and "answer" not in message:
        return "options"
    return "answer"


def validate_draft(draft: dict[str, Any], checked: Checked) -> Any:
    """The draft as a schema item, or None with every schema problem in ``checked``."""
    if draft["type"] not in TYPES:
        checked.add("type", "choose a question type")
        return None
    if not is_item_id(draft["id"]):
        checked.add("id", "lower-case letters, digits and single hyphens, starting with a letter")
    try:
        item = _ITEM.validate_python(draft, context=ORGANISATION_CONTEXT)
    except ValidationError as exc:
        for err in exc.errors():
            loc = [str(p) for p in err["loc"] if p != draft["type"] and "function" not in str(p)]
            message = err["msg"].removeprefix("Value error, ")
            where = _field_for(loc, message)
            detail = (
                f" (option {chr(ord('A') + int(loc[1]))})"
                if where == "options" and len(loc) > 1 and loc[1].isdigit()
                else ""
            )
            checked.add(where, message + detail)
        return None
    return None if checked.errors else item


def suggestions(item: Any) -> list[str]:
    """What an organisation's item may lack but should have: an explanation, a reference."""
    found = []
    if not item.explanation:
        found.append(
            "Add an explanation: why the key is right and the others are wrong. Until then "
            "the review page says “No explanation given”."
        )
    if item.reference is None:
        found.append("Add a reference URL: the page a candidate can learn from.")
    return found


def check_item(fields: Mapping[str, Any], context: Content, others: Iterable[Item] = ()) -> Checked:
    """Check the editor's fields: the schema, the catalog's requirements, and the quality rules
    against ``context`` (our banks) and ``others`` (the organisation's other items)."""
    checked = Checked()
    draft = draft_from_fields(fields, checked)
    item = validate_draft(draft, checked)
    for req_id in draft["requirements"]:
        req = context.requirements.get(req_id)
        if req is None or req.self_declared:
            checked.add("requirements", f"'{req_id}' is not a scored requirement of the catalog")
    if item is None or checked.errors:
        return checked
    checked.item = item
    checked.suggestions = suggestions(item)
    pool = [*context.items.values(), *others]
    checked.quality.extend(near_duplicates_of(item, pool))
    alone = Content({}, {}, {}, {item.id: item}, {item.id: ""}, "")
    checked.quality.extend(m.split(": ", 2)[-1] for m in absolute_word_clues(alone))
    return checked
