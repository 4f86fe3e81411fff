"""``flask banks import`` and ``flask banks export`` end to end, on a copy of fixture content."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import Result
from flask import Flask
from pydantic import TypeAdapter

from quiz.bank.schema import Item
from tests.support import ROOT

DOCS = ROOT / "tests" / "fixtures" / "interchange"
ITEM: TypeAdapter[Item] = TypeAdapter(Item)
REF = "https://docs.moodle.org/en/GIFT_format"


def _run(app: Flask, *args: str) -> Result:
    return app.test_cli_runner().invoke(args=["banks", *args])


def _import(app: Flask, root: Path, file: Path, fmt: str, *extra: str) -> Result:
    args = ["import", str(file), "--format", fmt, "--area", "sql"]
    return _run(app, *args, "--requirement", "sql-querying", "--dir", str(root), *extra)


def test_dry_run_prints_json_and_writes_nothing(app: Flask, root: Path) -> None:
    before = sorted(p.name for p in root.rglob("*"))
    result = _import(
        app, root, DOCS / "moodle_docs.xml", "moodle-xml", "--json", "--reference", REF
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert [(i["line"], i["type"], i["id"]) for i in report["items"]] == [
        (6, "single_choice", "sql-005"),
        (18, "true_false", "tf-question"),
        (25, "short_answer", "sql-006"),
        (33, "short_answer", "num"),
    ]
    assert report["items"][0]["answer"] == "A"
    assert report["items"][2]["accepted"] == ["404"]
    assert report["items"][3]["numeric"] == {"value": 8.0}
    assert [s["line"] for s in report["skipped"]] == [40, 45, 49, 53]
    assert {"line": 25, "message": "answer '4xx' earned 50%; dropped"} in report["warnings"]
    assert report["written"] is None
    assert sorted(p.name for p in root.rglob("*")) == before


def test_text_report_groups_repeated_warnings(app: Flask, root: Path) -> None:
    result = _import(app, root, DOCS / "moodle_docs.gift", "gift", "--reference", REF)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    # Line 24's only feedback is per answer (numerical); it is kept as the explanation.
    assert lines[0].endswith("19 question(s): 4 item(s), 15 skipped, 9 warning(s)")
    assert (
        "  line 8, 24, 32, 60: warning: no difficulty in the source; "
        "set to 2 (pass --difficulty to choose)" in lines
    )
    assert "  line 15: skipped: matching questions have no equivalent type here" in lines
    assert (
        "  line 5: skipped: would be true_false, but no feedback to use as the explanation: "
        "give general feedback ('####…' in GIFT, <generalfeedback> in Moodle XML); "
        "organisation banks accept questions without one" in lines
    )
    assert lines[-1] == "dry run: nothing written (pass --out BANK.yaml or --org ID --save)"


def test_out_appends_items_that_banks_check_accepts(app: Flask, root: Path) -> None:
    bank = root / "banks" / "sql.yaml"
    result = _import(
        app, root, DOCS / "moodle_docs.xml", "moodle-xml", "--out", str(bank), "--reference", REF
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == f"wrote 4 item(s) to {bank}"
    ids = [i["id"] for i in yaml.safe_load(bank.read_text(encoding="utf-8"))["items"]]
    assert ids == [
        "sql-001",
        "sql-002",
        "sql-003",
        "sql-004",
        "sql-005",
        "tf-question",
        "sql-006",
        "num",
    ]
    check = _run(app, "check", "--dir", str(root))
    assert check.exit_code == 0, check.output
    again = _import(app, root, DOCS / "moodle_docs.xml", "moodle-xml", "--reference", REF, "--json")
    skipped = [s["reason"] for s in json.loads(again.output)["skipped"]]
    assert "item tf-question is already in the bank, unchanged" in skipped


def test_malformed_file_names_file_and_line_and_writes_nothing(app: Flask, root: Path) -> None:
    bad = root / "bad.gift"
    bad.write_text("Fine?{=a ~b ~c}\n\nBroken {=a ~b\n", encoding="utf-8")
    out = root / "banks" / "new.yaml"
    result = _import(app, root, bad, "gift", "--out", str(out), "--reference", REF)
    assert result.exit_code == 1
    assert f"{bad}:3: '{{' is never closed by '}}'" in result.output
    assert "nothing imported, nothing written" in result.output
    assert not out.exists()


def test_xml_bomb_is_refused_with_file_and_line(app: Flask, root: Path) -> None:
    bomb = root / "bomb.xml"
    bomb.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE q [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>\n'
        "<quiz><question type='essay'><questiontext><text>&b;</text></questiontext>"
        "</question></quiz>",
        encoding="utf-8",
    )
    result = _import(app, root, bomb, "moodle-xml")
    assert result.exit_code == 1
    assert f"{bomb}:2: refused: the file declares a DTD" in result.output


def test_unknown_area_or_requirement_is_a_usage_error(app: Flask, root: Path) -> None:
    args = ["import", str(DOCS / "moodle_docs.gift"), "--format", "gift", "--dir", str(root)]
    result = _run(app, *args, "--area", "nope", "--requirement", "sql-querying")
    assert result.exit_code == 2
    assert "unknown area; one of: sql, api, soft" in result.output
    result = _run(app, *args, "--area", "sql", "--requirement", "career-education")
    assert result.exit_code == 2
    assert "'career-education' is not a scored requirement" in result.output


@pytest.mark.parametrize("fmt", ["gift", "moodle-xml"])
def test_export_then_import_into_fresh_content_gives_the_same_bank(
    app: Flask, root: Path, tmp_path: Path, fmt: str
) -> None:
    exported = tmp_path / f"api.{fmt}"
    result = _run(app, "export", "api", "--format", fmt, "--out", str(exported), "--dir", str(root))
    assert result.exit_code == 0, result.output
    assert (
        "left out api-002: GIFT and Moodle's standard question types have no ordering"
        in result.output
    )
    assert "exported 2 item(s) of api as " + fmt in result.output
    original = yaml.safe_load((root / "banks" / "api.yaml").read_text(encoding="utf-8"))["items"]
    (root / "banks" / "api.yaml").unlink()
    fresh = tmp_path / "api.yaml"
    args = ["import", str(exported), "--format", fmt, "--area", "api"]
    result = _run(
        app, *args, "--requirement", "api-rest-design", "--dir", str(root), "--out", str(fresh)
    )
    assert result.exit_code == 0, result.output
    assert "0 warning(s)" in result.output
    back = yaml.safe_load(fresh.read_text(encoding="utf-8"))["items"]
    expected = [i for i in original if i["type"] != "ordering"]
    assert [ITEM.validate_python(i).model_dump() for i in back] == [
        ITEM.validate_python(i).model_dump() for i in expected
    ]


def test_export_of_an_unknown_area_fails(app: Flask, root: Path) -> None:
    result = _run(app, "export", "nope", "--format", "gift", "--dir", str(root))
    assert result.exit_code == 2
    assert "unknown area" in result.output
