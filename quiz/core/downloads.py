"""Files people download: every CSV is written here, and every download is one response shape.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
as a formula (CSV injection): a student who signs up as ``=HYPERLINK("http://x","y")`` would
land in the instructor's spreadsheet as a link. ``safe_cell`` prefixes such text with ``'``
(OWASP's rule); numbers stay numbers. A download is an attachment that no cache keeps.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from flask import Response

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | None


def safe_cell(value: Cell) -> str | int | float:
    """A cell a spreadsheet shows as written: text that would start a formula gets a leading
    apostrophe; numbers and empty cells pass through."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return value
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    """``header`` and ``rows`` as CSV (RFC 4180 quoting, ``\\n`` line ends), every cell safe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()


def attachment(body: str, mimetype: str, filename: str) -> Response:
    """``body`` as a file to save as ``filename``, never stored by a browser or proxy."""
    return Response(
        body,
        mimetype=mimetype,
        headers={
            "Content-Disposition": f"attachment; filename={filename}",
            "Cache-Control": "no-store",
        },
    )
