"""A candidate's stored report read against a position's own requirements: pure functions.

A position keeps its own snapshot of requirements with weights and targets, which need not be
those of the catalog profile the report was scored on. The report snapshot stores, per
requirement, the posterior mastery's mean and 90% interval. From them:

- ``levels_of`` finds each position requirement's level in the snapshot (a row of its own id,
  or the row of an any-of group whose best member it is); a requirement without items is
  "not assessed" and left out of readiness, as the report itself does.
- ``prob_at_least`` approximates P(mastery ≥ target) with the Beta distribution that has the
  stored mean and the spread implied by the interval (a 90% interval spans ±1.645 sd), since
  the snapshot does not keep the whole posterior.
- ``position_readiness`` feeds those probabilities, with the position's weights, to the
  report's own ``quiz.scoring.readiness.readiness``.
- ``top_gaps`` ranks requirements whose interval reaches below the target by impact (weight
  factor × shortfall of the estimate), as the report ranks gaps.

Plain data in, plain data out; no Flask, no database. See docs/recruiting.md.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from quiz.scoring.beta import beta_cdf
from quiz.scoring.readiness import WEIGHT_FACTOR, Readiness, readiness

Z90 = 1.6449  # a two-sided 90% interval spans ±Z90 standard deviations
_EDGE = 1e-4


@dataclass(frozen=True)
class Level:
    """A measured level on 0–100 with its 90% interval, and how many questions of its own
    it rests on (None: not known)."""

    mean: float
    low: float
    high: float
    items: int | None = None


@dataclass(frozen=True)
class Wanted:
    """One requirement of a position: id, weight (must/should/nice) and target level."""

    id: str
    weight: str
    target: int


def wanted_of(requirements: Sequence[Mapping[str, Any]]) -> list[Wanted]:
    """The position's requirement snapshot as ``Wanted`` values, in order."""
    return [Wanted(str(r["id"]), str(r["weight"]), int(r["target"])) for r in requirements]


def _level(mastery: Mapping[str, Any] | None) -> Level | None:
    if not mastery or not mastery.get("items"):
        return None
    return Level(
        float(mastery["mean"]),
        float(mastery["low"]),
        float(mastery["high"]),
        int(mastery["items"]),
    )


def levels_of(data: Mapping[str, Any], ids: Sequence[str]) -> dict[str, Level | None]:
    """Each requirement id's level in a report snapshot's data, None where not assessed."""
    found: dict[str, Level | None] = {}
    for row in data.get("requirements", []):
        level = _level(row.get("mastery"))
        found.setdefault(str(row["id"]), level)
        shown_by = row.get("shown_by")
        if shown_by:
            found.setdefault(str(shown_by["id"]), level)
    return {req_id: found.get(req_id) for req_id in ids}


def prob_at_least(level: Level, target: float) -> float:
    """Approximate P(mastery ≥ target) under a Beta with the level's mean and spread."""
    mean = min(max(level.mean / 100.0, _EDGE), 1.0 - _EDGE)
    sd = max((level.high - level.low) / 100.0 / (2 * Z90), _EDGE)
    spread = mean * (1.0 - mean) / (sd * sd) - 1.0
    if spread <= 0.0:  # wider than any Beta with this mean: fall back to a flat-ish one
        spread = 2.0
    a, b = mean * spread, (1.0 - mean) * spread
    x = min(max(target / 100.0, 0.0), 1.0)
    if x <= 0.0:
        return 1.0
    if x >= 1.0:
        return 0.0
    p = 1.0 - beta_cdf(x, a, b)
    return min(max(p, 0.0), 1.0) if math.isfinite(p) else 0.0


def position_readiness(levels: Mapping[str, Level | None], wanted: Sequence[Wanted]) -> Readiness:
    """Readiness for the position's requirements, over those the attempt assessed."""
    chances = [
        (w.weight, prob_at_least(level, w.target))
        for w in wanted
        if (level := levels.get(w.id)) is not None
    ]
    return readiness(chances, len(wanted))


def top_gaps(
    levels: Mapping[str, Level | None], wanted: Sequence[Wanted], count: int = 3
) -> list[str]:
    """Up to ``count`` requirement ids whose interval reaches below target, by impact."""
    ranked: list[tuple[float, int, str]] = []
    for order, w in enumerate(wanted):
        level = levels.get(w.id)
        if level is None or level.low >= w.target:
            continue
        impact = WEIGHT_FACTOR[w.weight] * max(0.0, w.target - level.mean)
        if impact > 0:
            ranked.append((-impact, order, w.id))
    return [req_id for _, _, req_id in sorted(ranked)[:count]]
