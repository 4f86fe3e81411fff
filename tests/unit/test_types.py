"""Each question type grades known answers to known credits and never renders its key."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest

from quiz.bank import REGISTRY, AnswerError, load_content, question_type
from quiz.bank.schema import Item
from tests.support import FIXTURE_QUESTIONS

CONTENT = load_content(FIXTURE_QUESTIONS)


def item(item_id: str) -> Any:
    return CONTENT.items[item_id]


def grade(item_id: str, answer: dict[str, Any]) -> float:
    it = item(item_id)
    return question_type(it).grade(it, answer)


def test_registry_covers_every_schema_type() -> None:
    schema_types = {
        m.model_fields["type"].annotation.__args__[0] for m in Item.__args__[0].__args__
    }  # type: ignore[attr-defined]
    assert set(REGISTRY) == schema_types


@pytest.mark.parametrize(
    ("item_id", "answer", "credit"),
    [
        ("sql-001", {"choice": "B"}, 1.0),
        ("sql-001", {"choice": "A"}, 0.0),
        ("sql-004", {"choice": "B"}, 1.0),  # code reading
        ("sql-004", {"choice": "C"}, 0.0),
        ("sql-003", {"value": True}, 1.0),  # true/false
        ("sql-003", {"value": False}, 0.0),
        # multiple select, keys A and B: (right - wrong) / keys, floored at 0
        ("sql-002", {"choices": ["A", "B"]}, 1.0),
        ("sql-002", {"choices": ["A"]}, 0.5),
        ("sql-002", {"choices": ["A", "B", "C"]}, 0.5),
        ("sql-002", {"choices": ["A", "C"]}, 0.0),
        ("sql-002", {"choices": ["C", "D"]}, 0.0),
        ("sql-002", {"choices": ["A", "B", "C", "D"]}, 0.0),
        # short answer: accepted spellings, case and whitespace folded
        ("api-001", {"text": "201"}, 1.0),
        ("api-001", {"text": "  201   created "}, 1.0),
        ("api-001", {"text": "200"}, 0.0),
        # ordering, key C B A D: share of the 6 pairs in the right relative order
        ("api-002", {"order": ["C", "B", "A", "D"]}, 1.0),
        ("api-002", {"order": ["B", "C", "A", "D"]}, 5 / 6),
        ("api-002", {"order": ["D", "A", "B", "C"]}, 0.0),
        ("api-002", {"order": ["C", "B", "A"]}, 0.0),
        # situational judgment: the chosen option's credit
        ("soft-001", {"choice": "A"}, 1.0),
        ("soft-001", {"choice": "D"}, 0.5),
        ("soft-001", {"choice": "C"}, 0.1),
    ],
)
def test_grading(item_id: str, answer: dict[str, Any], credit: float) -> None:
    assert grade(item_id, answer) == pytest.approx(credit)


def test_numeric_short_answer_uses_tolerance() -> None:
    base = item("api-001").model_dump()
    base.pop("accepted")
    numeric = type(item("api-001")).model_validate(
        {**base, "numeric": {"value": 0.25, "tolerance": 0.01}}
    )
    qtype = question_type(numeric)
    assert qtype.grade(numeric, {"text": "0.255"}) == 1.0
    assert qtype.grade(numeric, {"text": "0.3"}) == 0.0
    assert qtype.key(numeric) == "0.25 (± 0.01)"
    with pytest.raises(AnswerError, match="Enter a number"):
        qtype.parse(numeric, {"answer": ["a quarter"]})


@pytest.mark.parametrize(
    ("item_id", "form", "answer"),
    [
        ("sql-001", {"answer": ["C"]}, {"choice": "C"}),
        ("sql-001", {}, None),
        ("sql-002", {"answer": ["B", "A"]}, {"choices": ["A", "B"]}),
        ("sql-003", {"answer": ["false"]}, {"value": False}),
        ("api-001", {"answer": [" 201 "]}, {"text": "201"}),
        ("api-001", {"answer": ["   "]}, None),
        (
            "api-002",
            {"position-A": ["3"], "position-B": ["2"], "position-C": ["1"], "position-D": ["4"]},
            {"order": ["C", "B", "A", "D"]},
        ),
    ],
)
def test_parse_forms(item_id: str, form: dict[str, list[str]], answer: Any) -> None:
    it = item(item_id)
    assert question_type(it).parse(it, form) == answer


@pytest.mark.parametrize(
    ("item_id", "form", "message"),
    [
        ("sql-001", {"answer": ["Z"]}, "not part of this question"),
        ("sql-002", {"answer": ["A", "Q"]}, "not part of this question"),
        ("sql-003", {"answer": ["maybe"]}, "True or False"),
        (
            "api-002",
            {"position-A": ["1"], "position-B": ["1"], "position-C": ["2"], "position-D": ["3"]},
            "different position",
        ),
        ("api-002", {"position-A": ["9"]}, "Positions go from 1 to 4"),
    ],
)
def test_parse_rejects_malformed_answers(
    item_id: str, form: dict[str, list[str]], message: str
) -> None:
    it = item(item_id)
    with pytest.raises(AnswerError, match=message):
        question_type(it).parse(it, form)


@pytest.mark.parametrize("item_id", sorted(CONTENT.items))
def test_render_never_contains_the_key(item_id: str) -> None:
    it = item(item_id)
    view = question_type(it).render(it, random.Random(1))
    text = json.dumps(view)
    assert "answer" not in view and "credit" not in text and "rationale" not in text
    assert "accepted" not in view and "explanation" not in view
    if hasattr(it, "options"):
        assert sorted(o["id"] for o in view["options"]) == sorted(o.id for o in it.options)


def test_render_shuffles_options_reproducibly() -> None:
    it = item("api-002")
    orders = {
        tuple(o["id"] for o in question_type(it).render(it, random.Random(s))["options"])
        for s in range(20)
    }
    assert len(orders) > 1
    again = question_type(it).render(it, random.Random(7))
    assert again == question_type(it).render(it, random.Random(7))


def test_review_text() -> None:
    sql2, order, sjt = item("sql-002"), item("api-002"), item("soft-001")
    assert question_type(sql2).key(sql2) == "PRIMARY KEY; NOT NULL"
    assert question_type(sql2).describe(sql2, None) == "Not answered"
    assert question_type(order).key(order).startswith("Terminate TLS → Check the credentials")
    assert question_type(sjt).key(sjt).startswith("Explain the data migration")


@pytest.mark.parametrize(
    ("item_id", "chance"),
    [
        ("sql-001", 1 / 4),  # single choice, four options
        ("sql-004", 1 / 3),  # code reading, three options
        ("sql-003", 1 / 2),  # true/false
        ("sql-002", 1 / 6),  # two keys of four, two picked: only A+B of six pairs earns credit
        ("api-001", 0.0),  # typed answer
        ("api-002", 1 / 2),  # ordering: each pair right half the time
        ("soft-001", (1.0 + 0.3 + 0.1 + 0.5) / 4),  # situational judgment: mean credit
    ],
)
def test_chance_is_the_expected_credit_of_a_blind_guess(item_id: str, chance: float) -> None:
    it = item(item_id)
    qtype = question_type(it)
    assert qtype.chance(it) == pytest.approx(chance)
    guesses = qtype.guesses(it)
    if guesses:  # the enumerated guesses agree with the shortcut for ordering too
        assert sum(qtype.grade(it, g) for g in guesses) / len(guesses) == pytest.approx(chance)
