"""The item editor's fields: every item of our shipped bank survives fields → item unchanged,
format mistakes are named by field, and the quality rules run on one item."""

from __future__ import annotations

import pytest

from quiz.bank import Content, load_content
from quiz.bank.editing import (
    Checked,
    check_item,
    draft_from_fields,
    fields_from_item,
    validate_draft,
)
from tests.support import FIXTURE_QUESTIONS, SHIPPED_QUESTIONS


@pytest.fixture(scope="module")
def shipped() -> Content:
    return load_content(SHIPPED_QUESTIONS)


def test_every_shipped_item_survives_the_editor_fields(shipped: Content) -> None:
    changed = []
    for item in shipped.items.values():
        checked = Checked()
        fields = fields_from_item(item.model_dump(mode="json"))
        back = validate_draft(draft_from_fields(fields, checked), checked)
        if back != item:
            changed.append((item.id, checked.errors))
    assert changed == []
    assert {i.type for i in shipped.items.values()} >= {
        "single_choice",
        "multiple_select",
        "true_false",
        "short_answer",
        "ordering",
        "code_reading",
        "situational_judgment",
    }


def test_format_mistakes_are_named_by_field() -> None:
    fields = {
        "id": "x-1",
        "type": "situational_judgment",
        "stem": "A teammate breaks the build on Friday evening. What now?",
        "options": "1 | Tell them | Direct and kind.\nhalf | Wait | Slow.",
        "explanation": "Speaking directly and early is the most useful reaction here.",
        "difficulty": "2",
        "requirements": ["soft-communication"],
        "reference": "https://example.org/feedback",
    }
    checked = check_item(fields, load_content(FIXTURE_QUESTIONS))
    assert checked.errors["options"][0] == "line 2: credit 'half' is not a number"
    assert checked.item is None
    checked = check_item(
        {**fields, "type": "true_false", "answer": "yes"}, load_content(FIXTURE_QUESTIONS)
    )
    assert checked.errors["answer"] == ["write true or false"]


def test_a_numeric_short_answer_and_unknown_requirements() -> None:
    content = load_content(FIXTURE_QUESTIONS)
    fields = {
        "id": "net-mtu",
        "type": "short_answer",
        "stem": "What is the usual Ethernet MTU in bytes?",
        "numeric": "1500 ± 0",
        "explanation": "Ethernet frames carry at most 1500 bytes of payload by default.",
        "difficulty": 1,
        "requirements": ["career-education", "nope"],
        "reference": "https://example.org/mtu",
    }
    checked = check_item(fields, content)
    assert checked.errors == {
        "requirements": [
            "'career-education' is not a scored requirement of the catalog",
            "'nope' is not a scored requirement of the catalog",
        ]
    }
    checked = check_item({**fields, "requirements": ["api-rest-design"]}, content)
    assert checked.ok and checked.item.numeric.value == 1500
