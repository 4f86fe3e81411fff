"""Pure scoring and gap analysis: no Flask, no database."""

from __future__ import annotations

from quiz.scoring.report import (
    AreaScore,
    GapReport,
    ItemResult,
    RequirementInfo,
    RequirementScore,
    Target,
    build_report,
)

__all__ = [
    "AreaScore",
    "GapReport",
    "ItemResult",
    "RequirementInfo",
    "RequirementScore",
    "Target",
    "build_report",
]
