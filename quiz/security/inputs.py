"""Limits on untrusted input, each answering with a message a person can act on.

- Request bodies: ``MAX_CONTENT_LENGTH`` (config); Flask answers 413, shown by ``quiz.core.errors``.
- Text fields: ``check_length`` (for parsers) and WTForms ``Length`` validators (for forms).
- CSV uploads (roster and invitation lists): ``read_csv_rows`` caps the size, the number of rows
  and the length of each cell, and requires the header to name the expected columns.
- Ids in URLs and query strings: every ``<int:…>`` of a route is at most ``MAX_ID`` (the
  ``BoundedInt`` converter replaces werkzeug's ``int``), so an id no database column can hold
  answers 404 like any unknown id; ``whole_number`` reads one from a query string.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from werkzeug.routing import IntegerConverter

# Defaults for CSV uploads; callers pass their own where a list is naturally smaller.
CSV_MAX_ROWS = 500
CSV_MAX_BYTES = 256 * 1024
CSV_MAX_CELL = 254  # an e-mail address is at most 254 characters


MAX_ID = 2**31 - 1  # the largest value of a 32-bit signed integer column


# Exactly the whole numbers 0 … 2^31-1 (leading zeros allowed), so a larger id matches no
# route at all: a 404 for every method, never a 405 from a rule of the same shape.
_UP_TO_MAX_ID = (
    r"0*(?:[0-9]{1,9}|1[0-9]{9}|20[0-9]{8}|21[0-3][0-9]{7}|214[0-6][0-9]{6}"
    r"|2147[0-3][0-9]{5}|21474[0-7][0-9]{4}|214748[0-2][0-9]{3}|2147483[0-5][0-9]{2}"
    r"|21474836[0-3][0-9]|214748364[0-7])"
)


class BoundedInt(IntegerConverter):
    """``<int:…>`` matching only ids a 32-bit column holds (at most ``MAX_ID``)."""

    regex = _UP_TO_MAX_ID

    def __init__(self, map: Any, fixed_digits: int = 0, min: int | None = None, **kw: Any) -> None:
        kw.setdefault("max", MAX_ID)
        super().__init__(map, fixed_digits=fixed_digits, min=min, **kw)


def whole_number(raw: str | None, default: int, low: int = 1, high: int = MAX_ID) -> int:
    """A query-string number between ``low`` and ``high``; ``default`` when it is missing or
    not a whole number, the nearest bound when it is out of range."""
    if raw is None or not raw.isascii() or not raw.isdigit() or len(raw) > 100:
        return default
    return min(max(int(raw), low), high)


class InputError(ValueError):
    """Input broke a limit or a format rule; ``str(exc)`` is the message to show."""


def check_length(value: str, limit: int, label: str) -> str:
    """Return ``value`` when it has at most ``limit`` characters; raise ``InputError`` if not."""
    if len(value) > limit:
        raise InputError(f"{label} is at most {limit} characters; yours has {len(value)}.")
    return value


def read_csv_rows(
    data: bytes | str,
    columns: Sequence[str],
    *,
    max_rows: int = CSV_MAX_ROWS,
    max_bytes: int = CSV_MAX_BYTES,
    max_cell: int = CSV_MAX_CELL,
    line_key: str | None = None,
) -> list[dict[str, str]]:
    """Parse a CSV upload with a header row into dicts keyed by ``columns`` (case-insensitive).

    Raises ``InputError`` naming the line for: a file over ``max_bytes``, text that is not
    UTF-8, a header missing a column, more than ``max_rows`` data rows, or a cell longer than
    ``max_cell`` characters. Blank lines are skipped; extra columns are ignored. With
    ``line_key``, each row also holds its line number (as text) under that key, so a caller's
    own checks can name the line too.
    """
    if len(data) > max_bytes:
        raise InputError(f"The file is larger than {max_bytes // 1024} KB; split it up.")
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError("The file is not UTF-8 text; save it as CSV (UTF-8).") from exc
    reader = csv.reader(io.StringIO(data), strict=True)
    rows: list[dict[str, str]] = []
    try:
        index = _header_index(next(reader, []), columns)
        for record in reader:
            if not any(cell.strip() for cell in record):
                continue
            if len(rows) >= max_rows:
                raise InputError(f"The file has more than {max_rows} rows; split it up.")
            rows.append(_row(record, index, max_cell, reader.line_num))
            if line_key is not None:
                rows[-1][line_key] = str(reader.line_num)
    except csv.Error as exc:
        raise InputError(f"Line {reader.line_num}: not valid CSV ({exc}).") from exc
    return rows


def _header_index(header: list[str], columns: Sequence[str]) -> dict[str, int]:
    names = [h.strip().casefold() for h in header]
    missing = [c for c in columns if c.casefold() not in names]
    if missing:
        raise InputError(f"Line 1: the header must name the column(s) {', '.join(missing)}.")
    return {c: names.index(c.casefold()) for c in columns}


def _row(record: list[str], index: dict[str, int], max_cell: int, line: int) -> dict[str, str]:
    row = {}
    for column, position in index.items():
        cell = record[position].strip() if position < len(record) else ""
        if len(cell) > max_cell:
            raise InputError(f"Line {line}: {column} is longer than {max_cell} characters.")
        row[column] = cell
    return row
