"""From graded items and a role profile to a ``GapReport``: plain data in, plain data out.

The rules (see ``docs/scoring.md``):
- an item presented but not answered earns 0 credit;
- a requirement's score is 100 × the mean credit of the attempt's items tagged with it;
- an area's score is 100 × the mean credit of the attempt's items from that area's bank;
- the overall score is 100 × the mean credit of all items in the attempt;
- a profile requirement is ``gap`` when its score is below the profile's target, ``met`` when at
  or above it, and ``not_assessed`` when the attempt had no item for it;
- gaps come first, by impact = weight factor × shortfall, so the most important gap leads.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

WEIGHT_FACTOR: dict[str, int] = {"must": 3, "should": 2, "nice": 1}
Status = Literal["gap", "met", "not_assessed"]


@dataclass(frozen=True)
class RequirementInfo:
    """What the report says about a requirement, whatever the score."""

    id: str
    title: str
    area: str
    why: str


@dataclass(frozen=True)
class Target:
    """A profile's expectation for one requirement."""

    weight: str
    level: int


@dataclass(frozen=True)
class ItemResult:
    """One item of the attempt: its area, the requirements it measures, the credit earned."""

    item_id: str
    area: str
    requirement_ids: tuple[str, ...]
    credit: float | None  # None: presented but not answered


@dataclass(frozen=True)
class RequirementScore:
    """A requirement's standing against the target profile."""

    requirement: RequirementInfo
    weight: str
    target: int
    score: float | None
    items: int
    status: Status
    shortfall: float
    impact: float


@dataclass(frozen=True)
class AreaScore:
    """Score over the items of one area."""

    area: str
    title: str
    score: float
    items: int


@dataclass(frozen=True)
class GapReport:
    """Everything the report page shows, computed from the attempt's results."""

    overall: float
    answered: int
    total: int
    areas: tuple[AreaScore, ...]
    requirements: tuple[RequirementScore, ...]

    @property
    def gaps(self) -> tuple[RequirementScore, ...]:
        """Requirements below target, most important first."""
        return tuple(r for r in self.requirements if r.status == "gap")

    @property
    def met(self) -> tuple[RequirementScore, ...]:
        """Requirements at or above target."""
        return tuple(r for r in self.requirements if r.status == "met")


def _mean_percent(credits: list[float]) -> float:
    return round(100.0 * sum(credits) / len(credits), 1)


def build_report(
    results: Iterable[ItemResult],
    targets: Mapping[str, Target],
    requirements: Mapping[str, RequirementInfo],
    area_titles: Mapping[str, str],
) -> GapReport:
    """Score an attempt against a profile's ``targets`` (requirement id → Target)."""
    results = list(results)
    credits = [r.credit or 0.0 for r in results]
    by_area: dict[str, list[float]] = defaultdict(list)
    by_requirement: dict[str, list[float]] = defaultdict(list)
    for result in results:
        by_area[result.area].append(result.credit or 0.0)
        for req_id in result.requirement_ids:
            by_requirement[req_id].append(result.credit or 0.0)

    areas = tuple(
        AreaScore(area, area_titles.get(area, area), _mean_percent(c), len(c))
        for area, c in sorted(by_area.items(), key=lambda kv: area_titles.get(kv[0], kv[0]))
    )
    scored = [
        _requirement_score(requirements[req_id], target, by_requirement.get(req_id, []))
        for req_id, target in targets.items()
        if req_id in requirements
    ]
    order = {"gap": 0, "met": 1, "not_assessed": 2}
    scored.sort(key=lambda s: (order[s.status], -s.impact, s.score or 0.0, s.requirement.title))
    return GapReport(
        overall=_mean_percent(credits) if credits else 0.0,
        answered=sum(1 for r in results if r.credit is not None),
        total=len(results),
        areas=areas,
        requirements=tuple(scored),
    )


def _requirement_score(
    info: RequirementInfo, target: Target, credits: list[float]
) -> RequirementScore:
    if not credits:
        return RequirementScore(info, target.weight, target.level, None, 0, "not_assessed", 0, 0)
    score = _mean_percent(credits)
    shortfall = round(max(0.0, target.level - score), 1)
    status: Status = "gap" if score < target.level else "met"
    impact = WEIGHT_FACTOR[target.weight] * shortfall
    return RequirementScore(
        info, target.weight, target.level, score, len(credits), status, shortfall, impact
    )
