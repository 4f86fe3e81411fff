"""Import mapping rules, ids and metadata, bank files, and round trips of the shipped bank."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from quiz.bank import Content, load_content
from quiz.bank.bank_file import BankFileError, write_bank
from quiz.bank.exporter import UNSUPPORTED
from quiz.bank.formats import FORMATS, export_items, import_questions
from quiz.bank.importer import ImportReport, ImportSettings
from quiz.bank.schema import Item
from tests.support import FIXTURE_QUESTIONS, SHIPPED_QUESTIONS

REF = "https://docs.moodle.org/en/GIFT_format"


def _settings(**overrides: Any) -> ImportSettings:
    values: dict[str, Any] = {
        "area": "sql",
        "requirement": "sql-querying",
        "requirements": frozenset({"sql-querying", "sql-integrity"}),
        "areas": {"sql": "Relational databases & SQL", "api": "Web APIs"},
        "difficulty": 2,
        "reference": REF,
    }
    values.update(overrides)
    return ImportSettings(**values)


def _gift(text: str, **overrides: Any) -> ImportReport:
    return import_questions("gift", text.encode(), _settings(**overrides))


FEEDBACK = "####Explains why the key is right and the others are wrong."


@pytest.fixture(scope="module")
def shipped() -> Content:
    return load_content(SHIPPED_QUESTIONS)


@pytest.mark.parametrize("fmt", FORMATS)
def test_whole_shipped_bank_survives_a_round_trip(fmt: str, shipped: Content) -> None:
    content = shipped
    survived = left_out = 0
    for area in content.areas:
        settings = _settings(
            area=area, requirements=frozenset(content.requirements), difficulty=None, reference=None
        )
        items = [i for k, i in content.items.items() if content.item_area[k] == area]
        export = export_items(items, area, fmt)
        skipped = export.left_out
        assert export.warnings == []
        report = import_questions(fmt, export.text.encode(), settings)
        assert report.skipped == [] and report.warnings == []
        back = {item.id: item for _, item in report.items}
        for item in items:
            if item.type in UNSUPPORTED:
                assert (item.id, UNSUPPORTED[item.type]) in skipped
                left_out += 1
                continue
            assert back[item.id].model_dump() == item.model_dump(), item.id
            survived += 1
    assert survived == sum(1 for i in content.items.values() if i.type != "ordering")
    assert survived > 400 and left_out > 0


def test_partial_credit_with_rationales_becomes_situational_judgment() -> None:
    report = _gift(
        "The release is late. What do you do?{"
        "=Tell the PM now and offer a smaller scope#Gives them a real choice early."
        "~%50%Work the weekend to catch up#Might work, but hides the risk from the team."
        "~%-20%Say nothing until the demo#The PM learns too late to plan around it."
        f"{FEEDBACK}}}"
    )
    ((_, item),) = report.items
    assert item.type == "situational_judgment"
    assert [o.credit for o in item.options] == [1.0, 0.5, 0.0]
    assert item.options[1].rationale == "Might work, but hides the risk from the team."
    assert [w.text for w in report.warnings] == [
        "option 'Say nothing until the demo' cost -20%; now it earns 0"
    ]


def test_partial_credit_without_rationales_becomes_single_choice_with_a_warning() -> None:
    report = _gift(f"Which clause filters groups?{{=HAVING ~%50%WHERE ~ORDER BY{FEEDBACK}}}")
    ((_, item),) = report.items
    assert (item.type, item.answer) == ("single_choice", "A")
    assert [w.text for w in report.warnings] == [
        "option 'WHERE' earned 50%; as single choice it earns 0"
    ]


def test_several_answers_with_matching_penalties_import_without_warnings() -> None:
    report = _gift(
        "Which are SQL aggregates? Choose all that apply.{"
        f"~%50%COUNT ~%50%SUM ~%-50%WHERE ~%-50%JOIN{FEEDBACK}}}"
    )
    ((_, item),) = report.items
    assert (item.type, item.answer) == ("multiple_select", ["A", "B"])
    assert report.warnings == []


def test_unequal_weights_and_one_key_checkboxes_are_warned() -> None:
    report = _gift(
        f"Which are SQL aggregates? Choose all.{{~%70%COUNT ~%30%SUM ~WHERE ~JOIN{FEEDBACK}}}"
        f"\n\nWhich is an aggregate function?{{~%100%COUNT ~WHERE ~JOIN{FEEDBACK}}}"
    )
    assert [item.type for _, item in report.items] == ["multiple_select", "single_choice"]
    assert [w.text for w in report.warnings] == [
        "right options carried unequal weights (70%, 30%); now each is equal",
        "wrong options cost 0%; here each wrong choice costs 50% (score floored at 0)",
        "a multiple-answer question with one right option; imported as single choice",
    ]


def test_questions_without_an_equivalent_are_skipped_with_reasons() -> None:
    report = _gift(
        f"Two right answers in a one-answer question?{{=a =b ~c{FEEDBACK}}}\n\n"
        f"Name a wildcard answer here.{{=foo* {FEEDBACK}}}\n\n"
        f"Which number is it, exactly?{{#=1 =2{FEEDBACK}}}\n\n"
        "Only two options are given here?{=yes ~no" + FEEDBACK + "}\n\n"
        "Match them all below.{=a -> 1 =b -> 2}"
    )
    assert report.items == []
    assert [(s.line, s.text.split(":")[0]) for s in report.skipped] == [
        (1, "2 options earn full credit; a one-answer question needs exactly one"),
        (3, "its answers use Moodle's * wildcard, which short answers here do not support"),
        (5, "2 numbers earn full credit; a numeric answer has exactly one"),
        (7, "does not fit type single_choice"),
        (9, "matching questions have no equivalent type here"),
    ]
    assert report.warnings == []
    assert "List should have at least 3 items" in report.skipped[3].text


def test_metadata_comes_from_the_file_before_the_options() -> None:
    text = (
        "// [id:sql-900] [tag:difficulty:3] [tag:requirement:sql-integrity] [tag:requirement:x]\n"
        "::ignored-title::Which constraint rejects duplicate emails?{=UNIQUE ~CHECK ~DEFAULT"
        "####UNIQUE rejects a second equal value; CHECK tests each row alone.\\n\\n"
        "Reference\\: https\\://www.postgresql.org/docs/current/ddl-constraints.html}"
    )
    report = _gift(text, difficulty=None, reference=None)
    ((_, item),) = report.items
    assert (item.id, item.difficulty, item.requirements) == ("sql-900", 3, ["sql-integrity"])
    assert str(item.reference) == "https://www.postgresql.org/docs/current/ddl-constraints.html"
    assert item.explanation == "UNIQUE rejects a second equal value; CHECK tests each row alone."
    assert [w.text for w in report.warnings] == [
        "requirement 'x' is not in the catalog; tag dropped"
    ]


def test_missing_difficulty_is_defaulted_with_a_warning_and_missing_reference_skips() -> None:
    text = f"Which clause filters groups?{{=HAVING ~WHERE ~ORDER BY{FEEDBACK}}}"
    report = _gift(text, difficulty=None)
    assert report.items[0][1].difficulty == 2
    assert [w.text for w in report.warnings] == [
        "no difficulty in the source; set to 2 (pass --difficulty to choose)"
    ]
    skipped = _gift(text, reference=None).skipped
    assert skipped[0].text.startswith(
        "would be single_choice, but no reference URL: pass --reference URL"
    )


def test_ids_use_valid_free_titles_and_never_clash() -> None:
    existing = {"sql-001": {"id": "sql-001"}, "sql-007": {"id": "sql-007"}}
    question = "Which clause filters groups?{=HAVING ~WHERE ~ORDER BY" + FEEDBACK + "}"
    text = "\n\n".join(
        [f"::sql-groups::{question}", f"::sql-001::{question}", f"::Groups 1::{question}"]
    )
    report = _gift(text, existing=existing)
    assert [item.id for _, item in report.items] == ["sql-groups", "sql-008", "sql-009"]
    assert [w.text for w in report.warnings] == [
        "id 'sql-001' is already used; imported as sql-008",
        "name 'Groups 1' is not a valid id; imported as sql-009",
    ]


def test_an_item_already_in_the_bank_unchanged_is_skipped() -> None:
    content = load_content(FIXTURE_QUESTIONS)
    existing = {i: item.model_dump(mode="json") for i, item in content.items.items()}
    text = export_items([content.items["sql-001"]], "sql", "gift").text
    report = _gift(text, existing=existing)
    assert report.items == []
    assert [s.text for s in report.skipped] == ["item sql-001 is already in the bank, unchanged"]


def test_category_hint_warns_when_it_names_another_area() -> None:
    report = _gift(
        "$CATEGORY: $course$/top/Web APIs\n\nWhich verb is idempotent?{=PUT ~POST ~PATCH"
        + FEEDBACK
        + "}"
    )
    assert [w.text for w in report.warnings] == [
        "category 'Web APIs' looks like area 'api', but the items go to 'sql' (--area)"
    ]


def test_appending_to_a_bank_keeps_its_comments_and_loads(tmp_path: Path) -> None:
    root = tmp_path / "questions"
    shutil.copytree(FIXTURE_QUESTIONS, root)
    bank = root / "banks" / "sql.yaml"
    bank.write_text("# kept comment\n" + bank.read_text(encoding="utf-8"), encoding="utf-8")
    report = _gift(
        f"::sql-groups::Which clause filters groups?{{=HAVING ~WHERE ~ORDER BY{FEEDBACK}}}"
    )
    write_bank(bank, "sql", [item for _, item in report.items])
    assert bank.read_text(encoding="utf-8").startswith("# kept comment\n")
    content = load_content(root)
    assert content.item_area["sql-groups"] == "sql"
    assert content.items["sql-groups"].model_dump() == report.items[0][1].model_dump()
    with pytest.raises(BankFileError, match="holds area 'sql', not 'api'"):
        write_bank(bank, "api", [item for _, item in report.items])


def test_a_new_bank_file_is_written_whole(tmp_path: Path) -> None:
    report = _gift(
        f"::sql-groups::Which clause filters groups?{{=HAVING ~WHERE ~ORDER BY{FEEDBACK}}}"
    )
    out = tmp_path / "new" / "sql.yaml"
    write_bank(out, "sql", [item for _, item in report.items])
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["area"] == "sql"
    assert list(data["items"][0]) == [
        "id",
        "type",
        "stem",
        "options",
        "answer",
        "explanation",
        "difficulty",
        "requirements",
        "reference",
    ]


_TEXT = (
    st.text(alphabet=st.sampled_from(list("ab Z09 \n\\~=#{}:[]%<>&;\"'*_-/.é→\u2028")), min_size=1)
    .map(str.strip)
    .filter(bool)
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.filter_too_much])
@given(
    stem=_TEXT,
    texts=st.lists(_TEXT, min_size=3, max_size=3),
    explanation=_TEXT,
    code=st.none() | _TEXT,
    fmt=st.sampled_from(FORMATS),
)
def test_any_text_survives_a_round_trip(
    stem: str, texts: list[str], explanation: str, code: str | None, fmt: str
) -> None:
    data = {
        "id": "sql-100",
        "type": "situational_judgment",
        "stem": stem + " is the stem",
        "options": [
            {
                "id": chr(65 + i),
                "text": t,
                "credit": [1.0, 0.5, 0.0][i],
                "rationale": f"why {t}  ok",
            }
            for i, t in enumerate(texts)
        ],
        "explanation": explanation + " explains the key well.",
        "difficulty": 3,
        "requirements": ["sql-querying"],
        "reference": "https://www.postgresql.org/docs/current/sql-select.html",
    }
    if code is not None:
        data["code"] = {"language": "sql", "text": code}
    try:
        item = TypeAdapter(Item).validate_python(data)
    except ValidationError:
        assume(False)
        return
    text = export_items([item], "sql", fmt).text
    report = import_questions(fmt, text.encode(), _settings())
    assert report.skipped == [] and report.warnings == []
    assert report.items[0][1].model_dump() == item.model_dump()
