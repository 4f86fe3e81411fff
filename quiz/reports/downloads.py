"""Report downloads: one CSV row per requirement of the target profile."""

from __future__ import annotations

import csv
import io
from typing import Any

CSV_COLUMNS = [
    "requirement_id",
    "title",
    "area",
    "weight",
    "target",
    "status",
    "mastery",
    "low",
    "high",
    "items",
    "shortfall",
    "impact",
]


def report_csv(data: dict[str, Any]) -> str:
    """One row per requirement of the target profile, in report order."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in data["requirements"]:
        m = row["mastery"] or {}
        writer.writerow(
            [
                row["id"],
                row["title"],
                row["area"],
                row["weight"],
                row["target"],
                row["status"],
                m.get("mean", ""),
                m.get("low", ""),
                m.get("high", ""),
                m.get("items", 0),
                row["shortfall"],
                row["impact"],
            ]
        )
    return out.getvalue()
