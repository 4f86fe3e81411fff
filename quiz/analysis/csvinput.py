"""Read an exported responses file (``attempt,item,credit``) for item analysis.

Every problem is reported with the file and the line it is on, so a person can fix the export:
a wrong header, a missing field, a credit that is not a number from 0 to 1, an attempt that
lists the same item twice, or a file with no responses at all.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

HEADER = ["attempt", "item", "credit"]


class AnalysisInputError(ValueError):
    """A malformed responses file; ``str()`` names the file and line."""

    def __init__(self, path: str | Path, line: int | None, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")


def read_responses(path: str | Path) -> list[tuple[str, str, float]]:
    """The ``(attempt, item, credit)`` rows of ``path``; raises ``AnalysisInputError``."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            return _parse(path, handle.read().splitlines())
    except OSError as exc:
        raise AnalysisInputError(path, None, f"cannot read the file ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise AnalysisInputError(path, None, "is not UTF-8 text") from exc


def _parse(path: str | Path, lines: list[str]) -> list[tuple[str, str, float]]:
    reader = csv.reader(lines)
    try:
        header = next(reader)
    except StopIteration:
        raise AnalysisInputError(
            path, None, "is empty; expected the header attempt,item,credit"
        ) from None
    if [h.strip().lower() for h in header] != HEADER:
        found = ",".join(header)
        raise AnalysisInputError(path, 1, f"header must be attempt,item,credit, found '{found}'")
    rows: list[tuple[str, str, float]] = []
    seen: dict[tuple[str, str], int] = {}
    for fields in reader:
        line = reader.line_num
        if not any(f.strip() for f in fields):
            continue  # blank lines are harmless
        attempt, item, credit = _fields(path, line, fields)
        first = seen.setdefault((attempt, item), line)
        if first != line:
            raise AnalysisInputError(
                path, line, f"attempt '{attempt}' lists item '{item}' again (first on line {first})"
            )
        rows.append((attempt, item, credit))
    if not rows:
        raise AnalysisInputError(path, None, "has a header but no responses")
    return rows


def _fields(path: str | Path, line: int, fields: list[str]) -> tuple[str, str, float]:
    if len(fields) != 3:
        raise AnalysisInputError(path, line, f"expected 3 fields, found {len(fields)}")
    attempt, item, raw = (f.strip() for f in fields)
    if not attempt or not item:
        raise AnalysisInputError(path, line, "attempt and item must not be empty")
    try:
        credit = float(raw)
    except ValueError:
        raise AnalysisInputError(path, line, f"credit '{raw}' is not a number") from None
    if math.isnan(credit) or not 0.0 <= credit <= 1.0:
        raise AnalysisInputError(path, line, f"credit {raw} is outside 0 to 1")
    return attempt, item, credit
