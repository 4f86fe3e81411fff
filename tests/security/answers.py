"""Valid answer forms for any fixture item, whatever its type, for tests that save answers."""

from __future__ import annotations

from typing import Any

from quiz.bank import load_content
from tests.support import FIXTURE_QUESTIONS

CONTENT = load_content(FIXTURE_QUESTIONS)


def answer_form(item_id: str, variant: int = 0) -> dict[str, Any]:
    """A well-formed answer to ``item_id``; ``variant`` picks among different valid answers."""
    item = CONTENT.items[item_id]
    options = [o.id for o in getattr(item, "options", [])]
    kind = item.type
    if kind in {"single_choice", "code_reading", "situational_judgment"}:
        return {"answer": options[variant % len(options)]}
    if kind == "multiple_select":
        return {"answer": options[: 1 + variant % len(options)]}
    if kind == "true_false":
        return {"answer": "true" if variant % 2 == 0 else "false"}
    if kind == "short_answer":
        return {"answer": str(40 + variant)}
    if kind == "ordering":
        shift = variant % len(options)
        order = options[shift:] + options[:shift]
        return {f"position-{o}": str(order.index(o) + 1) for o in options}
    raise AssertionError(f"no answer recipe for type {kind}")
