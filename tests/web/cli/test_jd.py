"""``flask profiles from-jd``: the JSON contract, the readable output, and bad input."""

from __future__ import annotations

import json
from pathlib import Path

from flask import Flask

from tests.support import ROOT, SHIPPED_QUESTIONS

JD_DIR = ROOT / "tests" / "fixtures" / "jd"


def invoke(app: Flask, *args: str) -> tuple[int, str]:
    result = app.test_cli_runner().invoke(args=["profiles", "from-jd", *args])
    return result.exit_code, result.output


def test_json_for_the_company_xyz_template(app: Flask) -> None:
    path = JD_DIR / "company-xyz.txt"
    code, output = invoke(app, str(path), "--json", "--dir", str(SHIPPED_QUESTIONS))
    assert code == 0, output
    data = json.loads(output)
    assert list(data) == ["title", "seniority", "requirements", "uncovered", "not_measured"]
    assert (data["title"], data["seniority"], data["uncovered"]) == ("Back End Engineer", "mid", [])
    first = data["requirements"][0]
    assert list(first) == ["id", "weight", "target", "evidence"]
    by_id = {r["id"]: r for r in data["requirements"]}
    assert by_id["sec-secure-design"] == {
        "id": "sec-secure-design",
        "weight": "must",
        "target": 70,
        "evidence": "The ideal candidate must be able to rapidly troubleshoot bugs and secure "
        "design architectures.",
    }
    assert by_id["deployment"]["weight"] == "should" and by_id["deployment"]["target"] == 60
    assert "lang-java" not in by_id


def test_readable_output_lists_what_the_quiz_does_not_measure(app: Flask) -> None:
    path = JD_DIR / "go-kubernetes.txt"
    code, output = invoke(app, str(path), "--dir", str(SHIPPED_QUESTIONS))
    assert code == 0, output
    lines = output.splitlines()
    assert lines[0] == "Senior Go Engineer, Platform Team — senior"
    assert (
        "  must    80  lang-go: “6+ years of professional software development, at least 3 of "
        "them writing Go in production.”"
    ) in lines
    assert lines[-1] == (
        "not measured by the quiz: gRPC, Terraform, Pulumi, infrastructure as code, Kafka, "
        "NATS, Rust"
    )


def test_app_content_without_synonyms_still_reports_technologies(
    app: Flask, tmp_path: Path
) -> None:
    path = tmp_path / "jd.txt"
    path.write_text("Backend Developer\nRequired: PostgreSQL and Kafka.\n", encoding="utf-8")
    code, output = invoke(app, str(path), "--json")  # the fixture catalog has no synonyms
    assert code == 0, output
    data = json.loads(output)
    assert data["requirements"] == []
    assert data["uncovered"] == ["PostgreSQL", "Kafka"]


def test_bad_files_are_clear_errors(app: Flask, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    code, output = invoke(app, str(empty))
    assert code == 1 and f"Error: {empty}: the job description is empty" in output
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\xff\xfe\x00bad")
    code, output = invoke(app, str(binary))
    assert code == 1 and f"Error: {binary}: cannot read the file as UTF-8 text" in output
    missing = tmp_path / "missing.txt"
    code, output = invoke(app, str(missing))
    assert code == 1 and f"Error: {missing}: cannot read the file" in output
    assert "Traceback" not in output


def test_a_malformed_vocabulary_names_its_file(app: Flask, tmp_path: Path, root: Path) -> None:
    (root / "technologies.yaml").write_text("technologies: [{nom: Kafka}]\n", encoding="utf-8")
    jd = tmp_path / "jd.txt"
    jd.write_text("Backend Developer\nKafka.\n", encoding="utf-8")
    code, output = invoke(app, str(jd), "--dir", str(root))
    assert code == 1
    assert f"Error: {root / 'technologies.yaml'}: technologies.0.name: Field required" in output
