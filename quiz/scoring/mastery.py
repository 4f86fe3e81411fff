"""Mastery of a requirement (or area): chance-corrected evidence and pooled estimates.

An item answered right by someone at level θ (the share of such items they know) has
probability g + (1 − g)·θ, where g is the chance of earning the credit by guessing (1/k for
single choice, 1/2 for true/false, the expected credit of random choices for multiple select,
ordering and situational judgment, 0 for a typed answer). Credit c counts as c right and 1 − c
wrong answers, tempered by the item's difficulty (SUCCESS and FAILURE weights).

The prior of a requirement is not flat: it is a Beta centred on what the candidate showed in the
same area, which in turn starts from what they showed overall (empirical-Bayes shrinkage, each
level leaving out the requirement's own items). KAPPA_REQUIREMENT is the prior's weight in items,
so a requirement seen through many items is dominated by its own evidence. Posteriors are exact
on a 100-cell grid (``grid.py``). See docs/scoring.md.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from quiz.scoring import grid

SUCCESS = {1: 0.75, 2: 1.0, 3: 1.25}
FAILURE = {1: 1.25, 2: 1.0, 3: 0.75}
INTERVAL = 0.90
KAPPA_AREA = 4.0  # weight, in items, of the overall level in an area's prior
KAPPA_REQUIREMENT = 4.0  # weight, in items, of the area level in a requirement's prior


@dataclass(frozen=True)
class Evidence:
    """One graded item: credit in [0, 1] (None: presented, not answered), difficulty 1–3 and
    the chance of earning the credit by guessing."""

    credit: float | None
    difficulty: int
    chance: float = 0.0

    def loglik(self) -> grid.Vector:
        """This item's log-likelihood on the grid; unanswered counts as credit 0."""
        return grid.item_loglik(
            self.credit or 0.0, self.chance, SUCCESS[self.difficulty], FAILURE[self.difficulty]
        )


@dataclass(frozen=True)
class Mastery:
    """Posterior mastery on 0–100 with its 90% interval, the prior mean it started from and
    the posterior probability of reaching each whole level 0–100."""

    items: int
    mean: float
    low: float
    high: float
    prior: float
    tails: tuple[float, ...] = field(repr=False, default=())

    def prob_at_least(self, level: float) -> float:
        """Posterior probability that true mastery is at least ``level`` (0–100)."""
        level = min(max(level, 0.0), 100.0)
        below = int(level)
        if below == level or below == 100:
            return self.tails[below]
        frac = level - below
        return (1.0 - frac) * self.tails[below] + frac * self.tails[below + 1]


def _summary(prior: grid.Vector, loglik: grid.Vector, items: int, prior_mean: float) -> Mastery:
    mass = grid.posterior(prior, loglik)
    tail = (1.0 - INTERVAL) / 2.0
    return Mastery(
        items=items,
        mean=round(100.0 * grid.mean(mass), 1),
        low=float(math.floor(100.0 * grid.quantile(mass, tail))),
        high=float(math.ceil(100.0 * grid.quantile(mass, 1.0 - tail))),
        prior=round(100.0 * prior_mean, 1),
        tails=grid.upper_tails(mass),
    )


def _beta_prior(centre: float, weight: float) -> grid.Vector:
    centre = min(max(centre, 0.01), 0.99)
    return grid.log_prior(round(weight * centre, 6), round(weight * (1.0 - centre), 6))


def _child_prior(parent: grid.Vector, kappa: float) -> tuple[grid.Vector, float]:
    """The prior of a level drawn as Beta(κ·φ, κ·(1 − φ)) around a parent level φ whose
    posterior is ``parent``: the Beta with the same mean and variance as that mixture, so the
    parent's own uncertainty widens the child's prior. Returns the prior and its mean."""
    centre = min(max(grid.mean(parent), 0.01), 0.99)
    spread = grid.variance(parent)
    within = max(centre * (1.0 - centre) - spread, 0.0) / (kappa + 1.0)
    total = min(within + spread, 0.999 * centre * (1.0 - centre))
    weight = centre * (1.0 - centre) / total - 1.0
    return _beta_prior(centre, weight), centre


def estimate(
    evidence: Iterable[Evidence], prior_mean: float = 0.5, prior_weight: float = 2.0
) -> Mastery:
    """The posterior after ``evidence`` from a Beta prior with mean ``prior_mean`` (0–1) and
    weight ``prior_weight`` items; the default is the uniform Beta(1, 1)."""
    total, items = grid.ZERO, 0
    for e in evidence:
        total = grid.add(total, e.loglik())
        items += 1
    return _summary(_beta_prior(prior_mean, prior_weight), total, items, prior_mean)


@dataclass(frozen=True)
class Observation:
    """One item of an attempt as the pooling sees it."""

    item_id: str
    area: str
    requirement_ids: tuple[str, ...]
    evidence: Evidence


@dataclass(frozen=True)
class Pooled:
    """Pooled mastery per requirement and per area of one attempt."""

    requirements: Mapping[str, Mastery]
    areas: Mapping[str, Mastery]


def pool(
    observations: Iterable[Observation],
    requirement_area: Mapping[str, str],
    alternatives: Mapping[str, Collection[str]] | None = None,
) -> Pooled:
    """Estimate every requirement and area the attempt touched (see the module docstring).

    ``requirement_area`` maps a requirement to its area; a requirement missing from it is
    pooled with the area of its first item. ``alternatives`` maps a requirement to the other
    members of its any-of groups: their items are left out of its prior too, since knowing
    Go says nothing about knowing Python.
    """
    obs = sorted(observations, key=lambda o: o.item_id)  # order never matters
    logliks = {o.item_id: o.evidence.loglik() for o in obs}
    overall = grid.ZERO
    by_area: dict[str, grid.Vector] = defaultdict(lambda: grid.ZERO)
    by_req: dict[str, list[Observation]] = defaultdict(list)
    for o in obs:
        overall = grid.add(overall, logliks[o.item_id])
        by_area[o.area] = grid.add(by_area[o.area], logliks[o.item_id])
        for req_id in dict.fromkeys(o.requirement_ids):
            by_req[req_id].append(o)
    areas = {}
    for area, area_loglik in by_area.items():
        rest = grid.posterior(grid.ZERO, grid.sub(overall, area_loglik))
        prior, centre = _child_prior(rest, KAPPA_AREA)
        count = sum(1 for o in obs if o.area == area)
        areas[area] = _summary(prior, area_loglik, count, centre)
    requirements = {}
    for req_id, own in by_req.items():
        area = requirement_area.get(req_id, own[0].area)
        siblings = (alternatives or {}).get(req_id, ())
        left_out = {o.item_id: o for s in siblings for o in by_req.get(s, [])}
        left_out.update((o.item_id, o) for o in own)
        out_all, out_area = grid.ZERO, grid.ZERO
        for item_id, o in sorted(left_out.items()):
            out_all = grid.add(out_all, logliks[item_id])
            if o.area == area:
                out_area = grid.add(out_area, logliks[item_id])
        level = grid.posterior(grid.ZERO, grid.sub(overall, out_all))
        area_prior, _ = _child_prior(level, KAPPA_AREA)
        area_rest = grid.sub(by_area.get(area, grid.ZERO), out_area)
        prior, centre = _child_prior(grid.posterior(area_prior, area_rest), KAPPA_REQUIREMENT)
        own_loglik = grid.ZERO
        for o in own:
            own_loglik = grid.add(own_loglik, logliks[o.item_id])
        requirements[req_id] = _summary(prior, own_loglik, len(own), centre)
    return Pooled(requirements, areas)
