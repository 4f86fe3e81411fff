"""Mastery of a requirement (or area) as a Beta posterior over graded items.

Each item is one observation whose weight depends on difficulty: a right answer on a hard item
is stronger evidence of mastery than one on an easy item, and a wrong answer on an easy item is
stronger evidence against. With credit c on an item of difficulty d:

    alpha = 1 + Σ c · SUCCESS[d]        beta = 1 + Σ (1 − c) · FAILURE[d]

starting from a uniform Beta(1, 1) prior. Mastery is 100 × the posterior mean; the 90% interval
is the posterior's 5th and 95th percentiles. Few items give a wide interval. See docs/scoring.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from quiz.scoring.beta import beta_cdf, beta_quantile

PRIOR_ALPHA = 1.0
PRIOR_BETA = 1.0
SUCCESS = {1: 0.75, 2: 1.0, 3: 1.25}
FAILURE = {1: 1.25, 2: 1.0, 3: 0.75}
INTERVAL = 0.90


@dataclass(frozen=True)
class Evidence:
    """One graded item as evidence: credit in [0, 1] (None: presented, not answered)."""

    credit: float | None
    difficulty: int


@dataclass(frozen=True)
class Mastery:
    """Posterior mastery on 0–100 with its 90% interval."""

    alpha: float
    beta: float
    items: int
    mean: float
    low: float
    high: float

    def prob_at_least(self, level: float) -> float:
        """Posterior probability that true mastery is at least ``level`` (0–100)."""
        return 1.0 - beta_cdf(level / 100.0, self.alpha, self.beta)


def estimate(evidence: Iterable[Evidence]) -> Mastery:
    """The posterior after ``evidence``; unanswered items count as credit 0."""
    alpha, beta, items = PRIOR_ALPHA, PRIOR_BETA, 0
    for e in evidence:
        credit = e.credit or 0.0
        alpha += credit * SUCCESS[e.difficulty]
        beta += (1.0 - credit) * FAILURE[e.difficulty]
        items += 1
    tail = (1.0 - INTERVAL) / 2.0
    return Mastery(
        alpha=alpha,
        beta=beta,
        items=items,
        mean=round(100.0 * alpha / (alpha + beta), 1),
        low=round(100.0 * beta_quantile(tail, alpha, beta), 1),
        high=round(100.0 * beta_quantile(1.0 - tail, alpha, beta), 1),
    )
