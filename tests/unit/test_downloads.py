"""Every CSV the app writes goes through one writer that a spreadsheet cannot turn into a
formula (OWASP's rule on CSV injection): text starting with = + - @ tab or CR gets a leading
apostrophe; numbers and empty cells pass through."""

from __future__ import annotations

import csv
import io

import pytest

from quiz.core.downloads import csv_text, safe_cell


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Ana", "Ana"),
        ("a=b", "a=b"),
        (62.5, 62.5),
        (-3, -3),
        (None, ""),
        (True, "true"),
    ],
)
def test_cells_never_start_a_formula(value: object, expected: object) -> None:
    assert safe_cell(value) == expected  # type: ignore[arg-type]


def test_the_writer_guards_every_cell_and_the_header() -> None:
    text = csv_text(["name", "=score"], [["=cmd|' /C calc'!A0", 7.5], [None, "-1+1"]])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["name", "'=score"], ["'=cmd|' /C calc'!A0", "7.5"], ["", "'-1+1"]]
    assert text.endswith("\n") and "\r\n" not in text
