"""Report downloads: one CSV row per requirement of the target profile."""

from __future__ import annotations

from typing import Any

from quiz.core.downloads import csv_text

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
    return csv_text(CSV_COLUMNS, (_row(row) for row in data["requirements"]))


def _row(row: dict[str, Any]) -> list[Any]:
    m = row["mastery"] or {}
    return [
        row["id"],
        row["title"],
        row["area"],
        row["weight"],
        row["target"],
        row["status"],
        m.get("mean"),
        m.get("low"),
        m.get("high"),
        m.get("items", 0),
        row["shortfall"],
        row["impact"],
    ]
