"""Form data that answers an item with its key (the best credit), for tests that answer
right on purpose: the web and browser tests of the adaptive quick check."""

from __future__ import annotations

from typing import Any

from quiz.bank import parse_answer, question_type


def key_form(item: Any) -> dict[str, Any]:
    """The question form's fields that earn ``item`` its full (or best) credit."""
    kind = question_type(item).name
    if kind == "multiple_select":
        form: dict[str, Any] = {"answer": list(item.answer)}
    elif kind == "true_false":
        form = {"answer": "true" if item.answer else "false"}
    elif kind == "short_answer":
        form = {"answer": f"{item.numeric.value:g}" if item.numeric else item.accepted[0]}
    elif kind == "ordering":
        form = {f"position-{step}": str(n) for n, step in enumerate(item.answer, 1)}
    elif kind == "situational_judgment":
        qtype = question_type(item)
        best = max(item.options, key=lambda o: qtype.grade(item, {"choice": o.id}))
        form = {"answer": best.id}
    else:
        form = {"answer": item.answer}
    fields = {k: v if isinstance(v, list) else [v] for k, v in form.items()}
    answer = parse_answer(item, fields)
    assert (answer is not None and question_type(item).grade(item, answer) >= 0.99) or (
        kind == "situational_judgment"
    ), (item.id, form)
    return form
