"""Pure scoring and gap analysis: no Flask, no database."""

from __future__ import annotations

from quiz.scoring.mastery import Evidence, Mastery, Observation, Pooled, estimate, pool
from quiz.scoring.readiness import Readiness, readiness
from quiz.scoring.report import (
    AreaScore,
    GapReport,
    ItemResult,
    LadderRung,
    ProfileSpec,
    RequirementInfo,
    RequirementScore,
    Target,
    alternatives_of,
    build_report,
)
from quiz.scoring.serialize import SCHEMA_VERSION, report_to_dict

__all__ = [
    "SCHEMA_VERSION",
    "AreaScore",
    "Evidence",
    "GapReport",
    "ItemResult",
    "LadderRung",
    "Mastery",
    "Observation",
    "Pooled",
    "ProfileSpec",
    "Readiness",
    "RequirementInfo",
    "RequirementScore",
    "Target",
    "alternatives_of",
    "build_report",
    "estimate",
    "pool",
    "readiness",
    "report_to_dict",
]
