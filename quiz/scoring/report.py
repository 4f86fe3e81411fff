"""From graded items and role profiles to a ``GapReport``: plain data in, plain data out.

- Each requirement's mastery is a posterior over the attempt's items tagged with it, with
  chance-corrected evidence and a prior pooled from the candidate's area and overall level
  (``mastery.py``); each area's over the items of its bank, pooled with the overall level.
- An any-of group (``Target.any_of``) is met through its best member: its row shows the member
  with the highest estimate and names it (``shown_by``).
- Against the target profile a requirement is ``met`` when its whole 90% interval is at or
  above the target, ``gap`` when the whole interval is below, ``uncertain`` when the interval
  straddles the target, and ``not_assessed`` without items.
- Impact = weight factor (must 3, should 2, nice 1) × shortfall (target − mastery, ≥ 0); gaps
  are ranked by it, so a large shortfall on a must-have leads.
- Readiness (``readiness.py``) is computed for the target profile and for every other profile,
  which the report shows as a career ladder.
- The overall score is the plain mean credit of the attempt's items, as a percentage.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from quiz.scoring.calibration import Calibration, calibrate
from quiz.scoring.mastery import Evidence, Mastery, Observation, Pooled, pool
from quiz.scoring.readiness import WEIGHT_FACTOR, Readiness, readiness

Status = Literal["gap", "uncertain", "met", "not_assessed"]
_STATUS_ORDER = {"gap": 0, "uncertain": 1, "met": 2, "not_assessed": 3}


@dataclass(frozen=True)
class RequirementInfo:
    """What the report says about a requirement, whatever the score."""

    id: str
    title: str
    area: str
    why: str
    resources: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Target:
    """A profile's expectation for one requirement: weight and target level (0–100).

    With ``any_of`` the entry is a group met by its best member; ``info`` then describes it.
    """

    weight: str
    level: int
    any_of: tuple[str, ...] = ()
    info: RequirementInfo | None = None


@dataclass(frozen=True)
class ProfileSpec:
    """A role profile as the scoring core needs it."""

    id: str
    title: str
    targets: Mapping[str, Target]


@dataclass(frozen=True)
class ItemResult:
    """One item of the attempt: area, requirements, difficulty and the credit earned."""

    item_id: str
    area: str
    requirement_ids: tuple[str, ...]
    difficulty: int
    credit: float | None  # None: presented but not answered
    dont_know: bool = False
    chance: float = 0.0  # expected credit of a blind guess

    @property
    def evidence(self) -> Evidence:
        """The item as evidence for the mastery estimates."""
        return Evidence(self.credit, self.difficulty, self.chance)


@dataclass(frozen=True)
class RequirementScore:
    """A requirement's standing against the target profile."""

    requirement: RequirementInfo
    weight: str
    target: int
    mastery: Mastery | None
    status: Status
    shortfall: float
    impact: float
    item_ids: tuple[str, ...]
    shown_by: RequirementInfo | None = None  # the best member of an any-of group


@dataclass(frozen=True)
class AreaScore:
    """Mastery over the items of one area, and their plain percentage."""

    area: str
    title: str
    mastery: Mastery
    percent: float
    items: int


@dataclass(frozen=True)
class LadderRung:
    """Readiness for one role profile."""

    profile_id: str
    title: str
    readiness: Readiness


@dataclass(frozen=True)
class GapReport:
    """Everything a report shows, computed from one attempt's results."""

    profile_id: str
    profile_title: str
    overall: float
    answered: int
    total: int
    readiness: Readiness
    ladder: tuple[LadderRung, ...]
    areas: tuple[AreaScore, ...]
    requirements: tuple[RequirementScore, ...]
    calibration: Calibration

    @property
    def gaps(self) -> tuple[RequirementScore, ...]:
        """Confirmed gaps, then likely ones (interval straddles, estimate below), by impact."""
        below = [r for r in self.requirements if r.status in ("gap", "uncertain") and r.impact > 0]
        return tuple(sorted(below, key=lambda r: (-r.impact, _STATUS_ORDER[r.status])))

    @property
    def strengths(self) -> tuple[RequirementScore, ...]:
        """Requirements met with confidence, strongest first."""
        met = [r for r in self.requirements if r.status == "met" and r.mastery is not None]
        return tuple(sorted(met, key=lambda r: -r.mastery.mean if r.mastery else 0.0))


def _percent(credits: list[float]) -> float:
    return round(100.0 * sum(credits) / len(credits), 1) if credits else 0.0


def _status(mastery: Mastery | None, target: int) -> Status:
    if mastery is None:
        return "not_assessed"
    if mastery.low >= target:
        return "met"
    if mastery.high < target:
        return "gap"
    return "uncertain"


def _best_member(
    any_of: tuple[str, ...], masteries: Mapping[str, Mastery]
) -> tuple[str | None, Mastery | None]:
    """The assessed member with the highest estimate (ties: the surer, then the first)."""
    shown = [(m, masteries[m]) for m in any_of if m in masteries]
    if not shown:
        return None, None
    best = max(shown, key=lambda pair: (pair[1].mean, pair[1].low))
    return best


def score_requirements(
    pooled: Pooled,
    items: Mapping[str, list[str]],
    targets: Mapping[str, Target],
    infos: Mapping[str, RequirementInfo],
) -> list[RequirementScore]:
    """Mastery and status of every requirement in ``targets``, in report order."""
    rows = []
    for req_id, target in targets.items():
        info = target.info or infos.get(req_id)
        if info is None:
            continue
        shown_by = None
        if target.any_of:
            member, mastery = _best_member(target.any_of, pooled.requirements)
            shown_by = infos.get(member) if member else None
            item_ids = [i for m in target.any_of for i in items.get(m, [])]
        else:
            mastery = pooled.requirements.get(req_id)
            item_ids = items.get(req_id, [])
        shortfall = round(max(0.0, target.level - mastery.mean), 1) if mastery else 0.0
        rows.append(
            RequirementScore(
                requirement=info,
                weight=target.weight,
                target=target.level,
                mastery=mastery,
                status=_status(mastery, target.level),
                shortfall=shortfall,
                impact=round(WEIGHT_FACTOR[target.weight] * shortfall, 1),
                item_ids=tuple(dict.fromkeys(item_ids)),
                shown_by=shown_by,
            )
        )
    rows.sort(
        key=lambda r: (
            _STATUS_ORDER[r.status],
            -r.impact,
            r.mastery.mean if r.mastery else 0.0,
            r.requirement.title,
        )
    )
    return rows


def pool_results(
    results: Iterable[ItemResult],
    infos: Mapping[str, RequirementInfo],
    alternatives: Mapping[str, Collection[str]] | None = None,
) -> Pooled:
    """Pooled mastery of every requirement and area the results touch; ``alternatives``
    (a requirement → the other members of its any-of groups) do not inform its prior."""
    return pool(
        (Observation(r.item_id, r.area, r.requirement_ids, r.evidence) for r in results),
        {req_id: info.area for req_id, info in infos.items()},
        alternatives,
    )


def alternatives_of(profiles: Iterable[ProfileSpec]) -> dict[str, set[str]]:
    """Each member of an any-of group → the other members of its groups, over ``profiles``."""
    alternatives: dict[str, set[str]] = defaultdict(set)
    for profile in profiles:
        for target in profile.targets.values():
            for member in target.any_of:
                alternatives[member].update(m for m in target.any_of if m != member)
    return dict(alternatives)


def items_by_requirement(results: Iterable[ItemResult]) -> dict[str, list[str]]:
    """Item ids of the results per requirement, in attempt order."""
    items: dict[str, list[str]] = defaultdict(list)
    for result in results:
        for req_id in result.requirement_ids:
            items[req_id].append(result.item_id)
    return items


def _readiness_of(rows: Iterable[RequirementScore], total: int) -> Readiness:
    return readiness(
        ((r.weight, r.mastery.prob_at_least(r.target)) for r in rows if r.mastery is not None),
        total,
    )


def build_report(
    results: Iterable[ItemResult],
    profiles: Mapping[str, ProfileSpec],
    target_profile_id: str,
    infos: Mapping[str, RequirementInfo],
    area_titles: Mapping[str, str],
    self_ratings: Mapping[str, int] | None = None,
    alternatives: Mapping[str, Collection[str]] | None = None,
) -> GapReport:
    """Score an attempt against ``target_profile_id`` and every other profile; compare
    ``self_ratings`` (area → confidence 1–5) with the measured area mastery.

    ``alternatives`` (see ``alternatives_of``) keeps the members of any-of groups out of each
    other's priors; the bank's content decides it, so a group's members are estimated the same
    whichever profile lists them."""
    results = list(results)
    pooled = pool_results(results, infos, alternatives)
    items = items_by_requirement(results)
    by_area: dict[str, list[ItemResult]] = defaultdict(list)
    for result in results:
        by_area[result.area].append(result)
    areas = tuple(
        AreaScore(
            area=area,
            title=area_titles.get(area, area),
            mastery=pooled.areas[area],
            percent=_percent([r.credit or 0.0 for r in group]),
            items=len(group),
        )
        for area, group in sorted(by_area.items(), key=lambda kv: area_titles.get(kv[0], kv[0]))
    )
    target = profiles[target_profile_id]
    rows = score_requirements(pooled, items, target.targets, infos)
    ladder = tuple(
        LadderRung(
            p.id,
            p.title,
            _readiness_of(
                rows if p.id == target.id else score_requirements(pooled, items, p.targets, infos),
                len(p.targets),
            ),
        )
        for p in profiles.values()
    )
    return GapReport(
        profile_id=target.id,
        profile_title=target.title,
        overall=_percent([r.credit or 0.0 for r in results]),
        answered=sum(1 for r in results if r.credit is not None),
        total=len(results),
        readiness=_readiness_of(rows, len(target.targets)),
        ladder=ladder,
        areas=areas,
        requirements=tuple(rows),
        calibration=calibrate(
            self_ratings or {},
            {a.area: (a.title, a.mastery) for a in areas},
            dont_know=sum(1 for r in results if r.dont_know),
            total=len(results),
        ),
    )
