"""``flask banks import --org``: teachers' files into an organisation's bank under the
organisation rules (the web upload's code), a dry run unless ``--save``."""

from __future__ import annotations

import json
from pathlib import Path

from flask import Flask

from quiz.extensions import db
from quiz.models import Organisation, OrgItem
from tests.actions import rows
from tests.support import ROOT

RICH = ROOT / "tests" / "fixtures" / "interchange" / "teacher" / "rich.xml"


def _organisation(app: Flask) -> int:
    with app.app_context():
        org = Organisation(name="Bootcamp", kind="bootcamp")
        db.session.add(org)
        db.session.commit()
        return org.id


def _import(app: Flask, root: Path, *extra: str) -> tuple[int, str]:
    args = ["banks", "import", str(RICH), "--format", "moodle-xml", "--area", "sql"]
    args += ["--requirement", "sql-querying", "--dir", str(root), *extra]
    result = app.test_cli_runner().invoke(args=args)
    return result.exit_code, result.output


def test_org_dry_run_imports_teachers_questions_and_saves_only_with_save(
    app: Flask, root: Path
) -> None:
    org_id = _organisation(app)
    code, output = _import(app, root, "--org", str(org_id), "--json")
    assert code == 0, output
    report = json.loads(output)
    assert len(report["items"]) == 8 and report["written"] is None
    assert report["skipped"] == [
        {"line": 94, "reason": "matching questions have no equivalent type here"}
    ]
    assert rows(app, OrgItem) == []
    code, output = _import(app, root, "--org", str(org_id), "--save")
    assert code == 0, output
    written = f"wrote 8 item(s) to organisation {org_id} (Bootcamp), area sql"
    assert output.splitlines()[-1] == written
    assert len(rows(app, OrgItem)) == 8
    code, output = _import(app, root, "--org", str(org_id), "--save")
    assert "9 question(s): 0 item(s), 9 skipped" in output
    assert "line 9: skipped: item sql-" in output and "is already in the bank, unchanged" in output


def test_without_org_our_banks_rules_hold_and_options_are_usage_errors(
    app: Flask, root: Path
) -> None:
    code, output = _import(app, root, "--json")
    # Our banks' rules: only the question with general feedback and a reference line imports.
    assert code == 0 and [i["line"] for i in json.loads(output)["items"]] == [87]
    code, output = _import(app, root, "--org", "999")
    assert code == 2 and "no organisation with id 999" in output
    code, output = _import(app, root, "--save")
    assert code == 2 and "--save saves into an organisation's bank: pass --org ID" in output
    code, output = _import(app, root, "--org", "1", "--out", str(root / "x.yaml"))
    assert code == 2 and "--out writes our bank files" in output
