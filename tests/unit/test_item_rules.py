"""One item schema, two strictnesses: our banks' rules by default, an organisation's by
context; HTML items sanitized by the schema itself; stored snapshots read back."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from quiz.bank import load_content
from quiz.bank.loader import Content, with_items
from quiz.bank.rules import ORGANISATION_CONTEXT
from quiz.bank.schema import Item
from tests.support import FIXTURE_QUESTIONS

ITEM: TypeAdapter[Any] = TypeAdapter(Item)


def _item(options: int = 3, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "sql-rules",
        "type": "single_choice",
        "stem": "Which clause filters groups?",
        "options": [{"id": chr(65 + n), "text": f"option {n}"} for n in range(options)],
        "answer": "A",
        "difficulty": 2,
        "requirements": ["sql-querying"],
    }
    return data | changes


def _errors(data: dict[str, Any], context: dict[str, Any] | None = None) -> list[str]:
    try:
        ITEM.validate_python(data, context=context)
    except ValidationError as exc:
        return [f"{'.'.join(map(str, e['loc'][1:]))}: {e['msg']}" for e in exc.errors()]
    return []


def test_our_banks_need_an_explanation_a_reference_and_three_to_five_options() -> None:
    assert _errors(_item()) == [
        "explanation: Value error, Field required",
        "reference: Value error, Field required",
    ]
    full = {"explanation": "Because HAVING runs after GROUP BY.", "reference": "https://a.example/"}
    assert _errors(_item(2, **full)) == [
        "options: Value error, List should have at least 3 items after validation, not 2"
    ]
    assert _errors(_item(6, **full)) == [
        "options: Value error, List should have at most 5 items after validation, not 6"
    ]
    assert _errors(_item(5, **full)) == []


@pytest.mark.parametrize("count", [2, 6, 7, 10])
def test_organisation_items_may_lack_explanation_and_reference_and_have_2_to_10_options(
    count: int,
) -> None:
    item = ITEM.validate_python(_item(count), context=ORGANISATION_CONTEXT)
    assert (item.explanation, item.reference, len(item.options)) == ("", None, count)
    assert _errors(_item(11), ORGANISATION_CONTEXT) == [
        "options: Value error, List should have at most 10 items after validation, not 11"
    ]


def test_html_items_are_sanitized_by_the_schema_and_plain_ones_dump_as_before() -> None:
    item = ITEM.validate_python(
        _item(
            text_format="html",
            stem='<p onclick="x()">Which <b>clause</b>?</p><script>alert(1)</script>',
            explanation="Because <em>HAVING</em> <style>p{}</style>filters groups.",
        ),
        context=ORGANISATION_CONTEXT,
    )
    assert item.stem == "<p>Which <b>clause</b>?</p>"
    assert item.explanation == "Because <em>HAVING</em> filters groups."
    assert item.model_dump(mode="json")["text_format"] == "html"
    plain = ITEM.validate_python(_item(), context=ORGANISATION_CONTEXT)
    assert "text_format" not in plain.model_dump(mode="json")
    again = ITEM.validate_python(item.model_dump(mode="json"), context=ORGANISATION_CONTEXT)
    assert again == item  # sanitizing is idempotent: a stored item reads back the same


def test_a_snapshot_holding_organisation_items_without_explanations_reads_back() -> None:
    content = load_content(FIXTURE_QUESTIONS)
    bare = ITEM.validate_python(_item(2, id="o1-bare"), context=ORGANISATION_CONTEXT)
    merged = with_items(content, [("sql", bare)], keep_ours=True)
    restored = Content.from_json(merged.to_json())
    assert restored.version == merged.version
    assert restored.items["o1-bare"].explanation == ""
    assert load_content(FIXTURE_QUESTIONS).version == content.version  # files: strict, unchanged
