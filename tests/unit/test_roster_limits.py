"""Roster uploads are bounded: a file too large or with too many rows is refused whole, with
the line where the limit was passed."""

from __future__ import annotations

from quiz.cohorts.roster import parse_roster
from quiz.security.inputs import CSV_MAX_BYTES, CSV_MAX_ROWS


def test_a_roster_with_too_many_rows_is_refused_at_the_first_row_over() -> None:
    lines = ["email,name"] + [f"s{n}@example.org,Student {n}" for n in range(CSV_MAX_ROWS + 1)]
    rows, problems = parse_roster("\n".join(lines).encode())
    assert rows == []
    assert [(p.line, p.message) for p in problems] == [
        (CSV_MAX_ROWS + 2, f"more than {CSV_MAX_ROWS} rows; split the file")
    ]


def test_a_roster_at_the_limit_is_read() -> None:
    lines = [f"s{n}@example.org,Student {n}" for n in range(CSV_MAX_ROWS)]
    rows, problems = parse_roster("\n".join(lines).encode())
    assert (len(rows), problems) == (CSV_MAX_ROWS, [])


def test_a_roster_file_too_large_is_refused() -> None:
    rows, problems = parse_roster(b"x" * (CSV_MAX_BYTES + 1))
    assert rows == []
    assert [(p.line, p.message) for p in problems] == [
        (1, f"the file is larger than {CSV_MAX_BYTES // 1024} KB")
    ]
