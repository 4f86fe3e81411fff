"""The report as plain JSON (``schema_version`` 2), the one form that is stored, rendered,
downloaded and exported, so the page, the JSON and the CSV always agree. Schema:
docs/report-schema.md."""

from __future__ import annotations

from typing import Any

from quiz.scoring.mastery import Mastery
from quiz.scoring.readiness import Readiness
from quiz.scoring.report import GapReport, RequirementScore

SCHEMA_VERSION = 2  # 2: chance-corrected, pooled mastery; any-of groups


def _mastery(m: Mastery | None) -> dict[str, Any] | None:
    if m is None:
        return None
    return {
        "mean": m.mean,
        "low": m.low,
        "high": m.high,
        "items": m.items,
        "prior": m.prior,
    }


def _readiness(r: Readiness) -> dict[str, Any]:
    return {"mean": r.mean, "low": r.low, "high": r.high, "assessed": r.assessed, "total": r.total}


def _requirement(row: RequirementScore) -> dict[str, Any]:
    info = row.requirement
    return {
        "id": info.id,
        "title": info.title,
        "area": info.area,
        "why": info.why,
        "weight": row.weight,
        "target": row.target,
        "status": row.status,
        "mastery": _mastery(row.mastery),
        "shortfall": row.shortfall,
        "impact": row.impact,
        "item_ids": list(row.item_ids),
        "shown_by": (
            {"id": row.shown_by.id, "title": row.shown_by.title} if row.shown_by else None
        ),
        "resources": [{"title": t, "url": u} for t, u in info.resources],
    }


def report_to_dict(report: GapReport) -> dict[str, Any]:
    """Everything the report shows, as JSON-ready data."""
    return {
        "schema_version": SCHEMA_VERSION,
        "profile": {"id": report.profile_id, "title": report.profile_title},
        "overall": {"percent": report.overall, "answered": report.answered, "total": report.total},
        "readiness": _readiness(report.readiness),
        "ladder": [
            {"profile_id": r.profile_id, "title": r.title, "readiness": _readiness(r.readiness)}
            for r in report.ladder
        ],
        "areas": [
            {
                "id": a.area,
                "title": a.title,
                "items": a.items,
                "percent": a.percent,
                "mastery": _mastery(a.mastery),
            }
            for a in report.areas
        ],
        "requirements": [_requirement(r) for r in report.requirements],
        "calibration": {
            "areas": [
                {
                    "id": c.area,
                    "title": c.title,
                    "rating": c.rating,
                    "claimed": c.claimed,
                    "measured": _mastery(c.measured),
                    "verdict": c.verdict,
                }
                for c in report.calibration.areas
            ],
            "dont_know": report.calibration.dont_know,
            "total": report.calibration.total,
            "dont_know_rate": round(report.calibration.dont_know_rate, 3),
            "high_dont_know": report.calibration.high_dont_know,
        },
        "gaps": [r.requirement.id for r in report.gaps],
        "strengths": [r.requirement.id for r in report.strengths],
    }
