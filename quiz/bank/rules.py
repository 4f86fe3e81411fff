"""How strict the item schema is: our banks' rules, or an organisation's.

There is one item schema (``quiz.bank.items``); the rules it applies are chosen by the
pydantic validation context. Without a context (``questions/``, ``flask banks check``,
``flask banks import --out``) our banks' rules hold: a stem of 10 characters or more, an
explanation of 20 or more, a reference URL, 3–5 options (4–6 to select from or order).
Organisation banks (the upload, the editor, ``flask banks import --org``) validate with
``ORGANISATION_CONTEXT``: teachers' questions rarely carry general feedback or a source, so
an explanation and a reference may be missing, and 2–10 options are allowed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationInfo


@dataclass(frozen=True)
class Rules:
    """Lengths and counts that differ between our banks and an organisation's."""

    name: str
    stem_min: int
    explanation_required: bool
    explanation_min: int
    reference_required: bool
    rationale_min: int
    choices: tuple[int, int]  # single choice, code reading, situational judgment
    lists: tuple[int, int]  # multiple select, ordering


BANK = Rules("bank", 10, True, 20, True, 10, (3, 5), (4, 6))
ORGANISATION = Rules("organisation", 1, False, 0, False, 1, (2, 10), (2, 10))
ORGANISATION_CONTEXT: dict[str, Any] = {"rules": ORGANISATION}


def rules_of(info: ValidationInfo) -> Rules:
    """The rules a validation runs under (our banks' unless the context says otherwise)."""
    context = info.context
    chosen = context.get("rules") if isinstance(context, dict) else None
    return chosen if isinstance(chosen, Rules) else BANK


def context_for(rules: Rules) -> dict[str, Any] | None:
    """The validation context that selects ``rules``."""
    return None if rules is BANK else {"rules": rules}


def count_error(low: int, high: int, count: int) -> str | None:
    """The message for a list of ``count`` entries where ``low``–``high`` are allowed."""
    if count < low:
        return f"List should have at least {low} items after validation, not {count}"
    if count > high:
        return f"List should have at most {high} items after validation, not {count}"
    return None
