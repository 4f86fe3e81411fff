"""``flask analysis items``: the worked example end to end, and every malformed-file error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask import Flask

EXAMPLE = """attempt,item,credit
a1,q1,1
a1,q2,1
a1,q3,0.5
a2,q1,1
a2,q2,0.5
a2,q3,1
a3,q1,0
a3,q2,1
a3,q3,0
a4,q1,1
a4,q2,0
a4,q3,0.5
a5,q1,0
a5,q2,0.5
a5,q3,0
"""


def run(app: Flask, tmp_path: Path, text: str, *extra: str) -> tuple[int, str, Path]:
    path = tmp_path / "responses.csv"
    path.write_text(text, encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["analysis", "items", str(path), *extra])
    return result.exit_code, result.output, path


def test_json_matches_the_worked_example(app: Flask, tmp_path: Path) -> None:
    code, output, _ = run(app, tmp_path, EXAMPLE, "--json")
    assert code == 0, output
    data = json.loads(output)
    assert data == {
        "attempts": 5,
        "alpha": 0.2812,
        "sem": 0.7583,
        "items": [
            {
                "item": "q1",
                "n": 5,
                "facility": 0.6,
                "sd": 0.5477,
                "discrimination_index": 45.64,
                "discriminative_efficiency": 50.0,
                "flag": None,
            },
            {
                "item": "q2",
                "n": 5,
                "facility": 0.6,
                "sd": 0.4183,
                "discrimination_index": -31.94,
                "discriminative_efficiency": -40.0,
                "flag": "negative-discrimination",
            },
            {
                "item": "q3",
                "n": 5,
                "facility": 0.4,
                "sd": 0.4183,
                "discrimination_index": 62.9,
                "discriminative_efficiency": 70.59,
                "flag": None,
            },
        ],
    }


def test_table_for_people(app: Flask, tmp_path: Path) -> None:
    code, output, _ = run(app, tmp_path, EXAMPLE)
    assert code == 0, output
    lines = output.splitlines()
    assert lines[0] == "5 attempts, Cronbach's alpha 0.28, SEM 0.76"
    assert lines[1].split() == ["item", "n", "facility", "sd", "disc.", "eff.", "flag"]
    assert lines[3].split() == [
        "q2",
        "5",
        "60.0%",
        "0.418",
        "-31.9%",
        "-40.0%",
        "negative-discrimination",
    ]
    assert lines[4].split() == ["q3", "5", "40.0%", "0.418", "62.9%", "70.6%"]


def test_degenerate_data_prints_nulls(app: Flask, tmp_path: Path) -> None:
    code, output, _ = run(app, tmp_path, "attempt,item,credit\na,q1,1\na,q2,0\n", "--json")
    assert code == 0, output
    data = json.loads(output)
    assert data["attempts"] == 1 and data["alpha"] is None and data["sem"] is None
    assert data["items"][0]["sd"] is None and data["items"][0]["discrimination_index"] is None
    code, output, _ = run(app, tmp_path, "attempt,item,credit\na,q1,1\na,q2,0\n")
    assert code == 0 and "alpha n/a, SEM n/a" in output


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("", None, "is empty; expected the header attempt,item,credit"),
        ("attempt,item,credit\n", None, "has a header but no responses"),
        ("attempt,question,credit\na,q,1\n", 1, "header must be attempt,item,credit"),
        ("attempt,item,credit\na,q1,1\na,q2,high\n", 3, "credit 'high' is not a number"),
        ("attempt,item,credit\na,q1,1.2\n", 2, "credit 1.2 is outside 0 to 1"),
        ("attempt,item,credit\na,q1,-0.5\n", 2, "credit -0.5 is outside 0 to 1"),
        ("attempt,item,credit\na,q1,nan\n", 2, "credit nan is outside 0 to 1"),
        ("attempt,item,credit\na,q1\n", 2, "expected 3 fields, found 2"),
        ("attempt,item,credit\n,q1,1\n", 2, "attempt and item must not be empty"),
        (
            "attempt,item,credit\na,q1,1\nb,q1,0\n\na,q1,0\n",
            5,
            "attempt 'a' lists item 'q1' again (first on line 2)",
        ),
    ],
)
def test_malformed_files_name_the_file_and_line(
    app: Flask, tmp_path: Path, text: str, line: int | None, message: str
) -> None:
    code, output, path = run(app, tmp_path, text, "--json")
    assert code == 1
    where = f"{path}:{line}" if line is not None else str(path)
    assert f"Error: {where}: {message}" in output
    assert "Traceback" not in output


def test_missing_file_is_a_clear_error(app: Flask, tmp_path: Path) -> None:
    missing = tmp_path / "nope.csv"
    result = app.test_cli_runner().invoke(args=["analysis", "items", str(missing)])
    assert result.exit_code == 1
    assert f"Error: {missing}: cannot read the file" in result.output
