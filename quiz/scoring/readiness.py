"""Readiness for a role: the weighted share of its assessed requirements that are met.

Each assessed requirement r is met with probability p_r = P(mastery_r ≥ target_r) under its
posterior. Readiness R = Σ w_r·B_r / Σ w_r with independent B_r ~ Bernoulli(p_r) and weights
must 3, should 2, nice 1. Its distribution is computed exactly (a weighted Poisson-binomial, by
dynamic programming over the integer weight sums); the estimate is E[R] and the interval its
5th and 95th percentiles, widened where needed to contain the estimate. Requirements the
attempt did not assess are left out and reported as coverage, rather than guessed from the
prior.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

WEIGHT_FACTOR: dict[str, int] = {"must": 3, "should": 2, "nice": 1}


@dataclass(frozen=True)
class Readiness:
    """Readiness on 0–100 with a 90% interval, over ``assessed`` of ``total`` requirements."""

    mean: float
    low: float
    high: float
    assessed: int
    total: int


def readiness(chances: Iterable[tuple[str, float]], total: int) -> Readiness:
    """From (weight, probability the requirement is met) for each assessed requirement."""
    chances = list(chances)
    weights = [WEIGHT_FACTOR[w] for w, _ in chances]
    whole = sum(weights)
    if whole == 0:
        return Readiness(0.0, 0.0, 100.0, 0, total)
    dist = [1.0] + [0.0] * whole  # dist[s] = P(weighted sum of met requirements = s)
    for weight, (_, p) in zip(weights, chances, strict=True):
        nxt = [0.0] * (whole + 1)
        for s, mass in enumerate(dist):
            if mass:
                nxt[s] += mass * (1.0 - p)
                nxt[s + weight] += mass * p
        dist = nxt
    mean = round(100.0 * sum(s * m for s, m in enumerate(dist)) / whole, 1)
    # The distribution is discrete: when one outcome carries most of the mass, its 5th and
    # 95th percentiles can both sit on one side of the mean. Widen to include the estimate.
    low = round(100.0 * _quantile(dist, 0.05) / whole, 1)
    high = round(100.0 * _quantile(dist, 0.95) / whole, 1)
    return Readiness(
        mean=mean,
        low=min(low, mean),
        high=max(high, mean),
        assessed=len(chances),
        total=total,
    )


def _quantile(dist: list[float], q: float) -> int:
    cumulative = 0.0
    for s, mass in enumerate(dist):
        cumulative += mass
        if cumulative >= q - 1e-12:
            return s
    return len(dist) - 1
