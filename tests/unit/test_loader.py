"""The content loader accepts good content and names file, line, item and field for bad."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from quiz.bank import ContentError, load_content
from tests.support import FIXTURE_QUESTIONS, SHIPPED_QUESTIONS


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    """A writable copy of the fixture content."""
    target = tmp_path / "questions"
    shutil.copytree(FIXTURE_QUESTIONS, target)
    return target


def errors_for(root: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_content(root)
    return info.value.messages


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def test_shipped_content_loads() -> None:
    content = load_content(SHIPPED_QUESTIONS)
    assert len(content.areas) >= 3
    assert len({content.item_area[i] for i in content.items}) >= 3
    assert "junior-backend" in content.profiles
    assert len(content.version) == 16


def test_fixture_content_loads_with_everything_indexed() -> None:
    content = load_content(FIXTURE_QUESTIONS)
    assert sorted(content.items) == [
        "api-001",
        "api-002",
        "api-003",
        "soft-001",
        "sql-001",
        "sql-002",
        "sql-003",
        "sql-004",
    ]
    assert content.item_area["api-002"] == "api"
    assert [i.id for i in content.items_for("sql-integrity")] == ["sql-002", "sql-003"]


def test_answer_outside_options_names_file_line_item_and_range(content_dir: Path) -> None:
    bank = content_dir / "banks" / "sql.yaml"
    replace(bank, "answer: B\n", "answer: E\n")
    assert errors_for(content_dir) == [
        f"{bank}:3: item sql-001: answer 'E' is not one of the options A–D"
    ]


def test_field_errors_name_the_field(content_dir: Path) -> None:
    bank = content_dir / "banks" / "api.yaml"
    replace(bank, "    difficulty: 2\n", "    difficulty: 4\n")
    [message] = errors_for(content_dir)
    assert message.startswith(f"{bank}:13: item api-002: field 'difficulty':")
    assert "less than or equal to 3" in message


def test_missing_field_and_unknown_field(content_dir: Path) -> None:
    bank = content_dir / "banks" / "api.yaml"
    replace(bank, "    reference: https://www.rfc-editor.org/rfc/rfc9110#name-201-created\n", "")
    replace(bank, "    difficulty: 1\n", "    difficulty: 1\n    level: easy\n")
    messages = errors_for(content_dir)
    assert f"{bank}:3: item api-001: field 'reference': Field required" in messages
    assert f"{bank}:3: item api-001: field 'level': Extra inputs are not permitted" in messages


def test_unknown_requirement_and_self_declared_requirement(content_dir: Path) -> None:
    bank = content_dir / "banks" / "sql.yaml"
    replace(bank, "requirements: [sql-querying]", "requirements: [sql-joins]")
    replace(bank, "requirements: [sql-integrity]", "requirements: [career-education]")
    messages = errors_for(content_dir)
    assert f"{bank}: item sql-001: unknown requirement 'sql-joins'" in messages
    assert (
        f"{bank}: item sql-002: requirement 'career-education' is self-declared, not scored"
        in messages
    )


def test_duplicate_item_id_across_banks(content_dir: Path) -> None:
    replace(content_dir / "banks" / "api.yaml", "id: api-003", "id: sql-001")
    messages = errors_for(content_dir)
    assert any("item sql-001: id is also used in banks/" in m for m in messages)


def test_invalid_yaml_reports_the_line(content_dir: Path) -> None:
    bank = content_dir / "banks" / "soft.yaml"
    replace(bank, "    difficulty: 2\n", "    difficulty: [2\n")
    [message] = errors_for(content_dir)
    assert message.startswith(f"{bank}:")
    assert "invalid YAML" in message


@pytest.mark.parametrize(
    ("bank", "old", "new", "expected"),
    [
        ("sql.yaml", "answer: [A, B]", "answer: [A, B, C, D]", "every option is a key"),
        ("sql.yaml", "{id: C, text: UNIQUE}", "{id: C, text: NOT NULL}", "same text"),
        (
            "sql.yaml",
            "{id: D, text: ORDER BY}",
            "{id: D, text: None of the above}",
            "'all/none of the above' options are not allowed",
        ),
        (
            "sql.yaml",
            "{id: C, text: GROUP BY}",
            "{id: F, text: GROUP BY}",
            "option ids must be A, B, C, D in order",
        ),
        ("api.yaml", "answer: [C, B, A, D]", "answer: [C, B, A]", "every option id exactly once"),
        (
            "api.yaml",
            'accepted: ["201", "201 Created"]',
            'accepted: ["201"]\n    numeric: {value: 201}',
            "not both",
        ),
        ("soft.yaml", "credit: 1.0", "credit: 0.9", "exactly one option must carry credit 1.0"),
    ],
)
def test_type_specific_rules(
    content_dir: Path, bank: str, old: str, new: str, expected: str
) -> None:
    replace(content_dir / "banks" / bank, old, new)
    messages = errors_for(content_dir)
    assert len(messages) == 1
    assert expected in messages[0]


def test_code_reading_needs_code(content_dir: Path) -> None:
    bank = content_dir / "banks" / "sql.yaml"
    text = bank.read_text()
    start = text.index("    code:\n")
    end = text.index("    options:", start)
    bank.write_text(text[:start] + text[end:])
    assert errors_for(content_dir) == [
        f"{bank}:43: item sql-004: code_reading items need a 'code' block"
    ]


def test_catalog_and_profile_errors(content_dir: Path) -> None:
    replace(content_dir / "requirements.yaml", "area: api\n", "area: apis\n")
    profile = content_dir / "profiles" / "junior-backend.yaml"
    replace(
        profile,
        "  soft-communication: {weight: nice, target: 50}",
        "  soft-communication: {weight: optional, target: 50}\n"
        "  sql-joins: {weight: must, target: 1}",
    )
    messages = errors_for(content_dir)
    assert "requirements.yaml: requirement api-rest-design: unknown area 'apis'" in messages
    assert any(
        m.startswith(f"{profile}: field 'requirements.soft-communication.weight'") for m in messages
    )


def test_quote_longer_than_25_words(content_dir: Path) -> None:
    catalog = content_dir / "requirements.yaml"
    long_quote = " ".join(["word"] * 26)
    replace(catalog, 'quote: "write SQL queries"', f'quote: "{long_quote}"')
    [message] = errors_for(content_dir)
    assert message.startswith(f"{catalog}:7: requirement sql-querying: field 'citations.0.quote'")
    assert "longer than 25 words" in message


def test_version_changes_with_content_and_survives_round_trip(content_dir: Path) -> None:
    before = load_content(content_dir)
    restored = type(before).from_json(before.to_json())
    assert restored.version == before.version
    assert restored.items == before.items
    replace(
        content_dir / "banks" / "sql.yaml", "HAVING filters groups", "HAVING filters the groups"
    )
    assert load_content(content_dir).version != before.version


def test_files_are_parsed_by_libyaml_into_the_same_data_as_safe_load() -> None:
    """One pass of the C parser builds what the pure-Python ``safe_load`` builds, lines kept."""
    import yaml

    from quiz.bank import loader

    assert yaml.__with_libyaml__
    assert loader._LOADER is yaml.CSafeLoader
    for path in sorted(SHIPPED_QUESTIONS.glob("**/*.yaml")):
        errors: list[str] = []
        data, node = loader._read_yaml(path, errors)
        assert errors == []
        assert data == yaml.safe_load(path.read_text(encoding="utf-8")), path
        pure = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
        assert node is not None and pure is not None
        assert _lines(node) == _lines(pure), path


def _lines(node: object) -> list[int]:
    """Start lines of every node in the tree, depth first."""
    import yaml

    assert isinstance(node, yaml.Node)
    out = [node.start_mark.line]
    if isinstance(node, yaml.SequenceNode):
        for child in node.value:
            out += _lines(child)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            out += _lines(key) + _lines(value)
    return out


def test_merge_keys_anchors_and_typed_scalars_build_like_safe_load(tmp_path: Path) -> None:
    import yaml

    from quiz.bank import loader

    text = (
        "base: &b {weight: 2, shown: true}\n"
        "merged: {<<: *b, extra: null}\n"
        "list: [1, 2.5, '3', 2024-01-02, ~, *b]\n"
    )
    path = tmp_path / "x.yaml"
    path.write_text(text)
    errors: list[str] = []
    data, _ = loader._read_yaml(path, errors)
    assert errors == []
    assert data == yaml.safe_load(text)
    assert data["merged"] == {"weight": 2, "shown": True, "extra": None}


def test_unhashable_key_is_reported_with_its_line(tmp_path: Path) -> None:
    from quiz.bank import loader

    path = tmp_path / "x.yaml"
    path.write_text("area: sql\nitems:\n  - ? [a, b]\n    : value\n")
    errors: list[str] = []
    assert loader._read_yaml(path, errors) == (None, None)
    [message] = errors
    assert message.startswith(f"{path}:3: invalid YAML")


def test_profile_short_title_is_optional_and_bounded(content_dir: Path) -> None:
    profile = content_dir / "profiles" / "junior-backend.yaml"
    assert load_content(content_dir).profiles["junior-backend"].label == "Junior back-end engineer"
    replace(
        profile,
        "title: Junior back-end engineer\n",
        "title: Junior back-end engineer\nshort_title: Junior\n",
    )
    assert load_content(content_dir).profiles["junior-backend"].label == "Junior"
    replace(profile, "short_title: Junior\n", f"short_title: {'J' * 25}\n")
    assert errors_for(content_dir)[0] == (
        f"{profile}: field 'short_title': String should have at most 24 characters"
    )
