"""Statistics of responses. Pure: plain tuples in, frozen dataclasses out; no Flask, no database.

``items``: classical test statistics of quiz items, as Moodle's quiz statistics report defines
them (``docs/statistics.md`` has the formulas and a worked example the tests check).
``integrity``: per-item time outliers, focus losses and pastes of one attempt, shown as context
beside a report and never as a verdict (``docs/integrity.md``).
"""

from __future__ import annotations

from quiz.analysis.csvinput import AnalysisInputError, read_responses
from quiz.analysis.items import (
    FACILITY_EASY,
    FACILITY_HARD,
    LOW_DISCRIMINATION,
    FormStatistics,
    ItemStatistics,
    analyse,
    analyse_groups,
)

__all__ = [
    "FACILITY_EASY",
    "FACILITY_HARD",
    "LOW_DISCRIMINATION",
    "AnalysisInputError",
    "FormStatistics",
    "ItemStatistics",
    "analyse",
    "analyse_groups",
    "read_responses",
]
