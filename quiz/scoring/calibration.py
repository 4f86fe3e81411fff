"""Calibration: how the candidate's confidence compares with what they showed.

A self-rating of 1–5 for an area is read as a claimed level at the middle of its fifth of the
scale (1 → 10, 2 → 30, 3 → 50, 4 → 70, 5 → 90). When the area's measured mastery interval lies
wholly below the claimed level minus a margin, the candidate is over-confident there; wholly
above the claimed level plus the margin, under-confident; otherwise calibrated. Answering
"I don't know" to more than a third of the questions is flagged too: it hides what the
candidate knows and leaves wide intervals.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from quiz.scoring.mastery import Mastery

CLAIMED_LEVEL = {1: 10, 2: 30, 3: 50, 4: 70, 5: 90}
MARGIN = 10
DONT_KNOW_FLAG = 1 / 3
Verdict = Literal["over", "under", "calibrated"]


@dataclass(frozen=True)
class AreaCalibration:
    """One area: the self-rating, the level it claims, the measured mastery and the verdict."""

    area: str
    title: str
    rating: int
    claimed: int
    measured: Mastery
    verdict: Verdict


@dataclass(frozen=True)
class Calibration:
    """Per-area verdicts and the "I don't know" rate."""

    areas: tuple[AreaCalibration, ...]
    dont_know: int
    total: int

    @property
    def dont_know_rate(self) -> float:
        """Share of the attempt's questions answered "I don't know"."""
        return self.dont_know / self.total if self.total else 0.0

    @property
    def high_dont_know(self) -> bool:
        """True when more than a third of the answers were "I don't know"."""
        return self.dont_know_rate > DONT_KNOW_FLAG


def verdict(rating: int, measured: Mastery) -> Verdict:
    """Over-, under- or well-calibrated for one area."""
    claimed = CLAIMED_LEVEL[rating]
    if measured.high < claimed - MARGIN:
        return "over"
    if measured.low > claimed + MARGIN:
        return "under"
    return "calibrated"


def calibrate(
    ratings: Mapping[str, int],
    area_mastery: Mapping[str, tuple[str, Mastery]],
    dont_know: int,
    total: int,
) -> Calibration:
    """Compare ``ratings`` (area → 1–5) with ``area_mastery`` (area → (title, mastery))."""
    rows = tuple(
        AreaCalibration(
            area, title, ratings[area], CLAIMED_LEVEL[ratings[area]], m, verdict(ratings[area], m)
        )
        for area, (title, m) in sorted(area_mastery.items(), key=lambda kv: kv[1][0])
        if ratings.get(area) in CLAIMED_LEVEL
    )
    return Calibration(rows, dont_know, total)
