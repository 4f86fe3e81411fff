"""Posteriors of a mastery level on a fixed grid: exact quadrature, no sampling.

A level θ in [0, 1] is represented by the 100 cells of width 0.01; each cell carries the
posterior mass of θ falling in it. Log-likelihoods add, so the evidence of a set of items is a
vector of 100 numbers, and "everything except this requirement's items" is a subtraction. The
prior is a Beta density integrated over each cell (the midpoint rule inside, the exact Beta CDF
for the two edge cells, where a Beta(a < 1, b) density is unbounded).
"""

from __future__ import annotations

import itertools
import math
import operator
from collections.abc import Sequence
from functools import lru_cache

from quiz.scoring.beta import beta_cdf

CELLS = 100
MIDS = tuple((i + 0.5) / CELLS for i in range(CELLS))
_MIDS_SQ = tuple(m * m for m in MIDS)
_LOG_MID = tuple(math.log(m) for m in MIDS)
_LOG_MID_C = tuple(math.log1p(-m) for m in MIDS)
MAX_CHANCE = 0.9  # an item a guesser passes more often than this says too little to use

Vector = tuple[float, ...]
ZERO: Vector = (0.0,) * CELLS


@lru_cache(maxsize=256)
def _log_p(chance: float) -> tuple[Vector, Vector]:
    """log P(right | θ) and log P(wrong | θ) per cell, with P(right) = g + (1 − g)·θ."""
    g = min(max(chance, 0.0), MAX_CHANCE)
    right = tuple(math.log(g + (1.0 - g) * m) for m in MIDS)
    wrong = tuple(math.log1p(-g) + lc for lc in _LOG_MID_C)
    return right, wrong


def item_loglik(credit: float, chance: float, success: float, failure: float) -> Vector:
    """The evidence of one item: credit c counts as c right and 1 − c wrong answers, tempered
    by the difficulty weights ``success`` and ``failure``."""
    right, wrong = _log_p(round(chance, 6))
    s, f = credit * success, (1.0 - credit) * failure
    return tuple(map(operator.add, map(s.__mul__, right), map(f.__mul__, wrong)))


def add(a: Vector, b: Vector) -> Vector:
    """Evidence of both sets of items."""
    return tuple(map(operator.add, a, b))


def sub(a: Vector, b: Vector) -> Vector:
    """Evidence of ``a`` without the items of ``b`` (a subset of them)."""
    return tuple(map(operator.sub, a, b))


@lru_cache(maxsize=4096)
def log_prior(a: float, b: float) -> Vector:
    """log of the Beta(a, b) mass in each cell."""
    width = 1.0 / CELLS
    log_norm = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + math.log(width)
    a1, b1 = a - 1.0, b - 1.0
    inner = [a1 * lm + b1 * lc + log_norm for lm, lc in zip(_LOG_MID, _LOG_MID_C, strict=True)]
    inner[0] = math.log(max(beta_cdf(width, a, b), 1e-300))
    inner[-1] = math.log(max(1.0 - beta_cdf(1.0 - width, a, b), 1e-300))
    return tuple(inner)


def posterior(prior: Vector, loglik: Vector) -> Vector:
    """Normalised cell masses of the posterior."""
    logs = list(map(operator.add, prior, loglik))
    top = -max(logs)
    weights = list(map(math.exp, map(top.__add__, logs)))
    scale = 1.0 / sum(weights)
    return tuple(map(scale.__mul__, weights))


def mean(mass: Sequence[float]) -> float:
    """Posterior mean of θ."""
    return float(sum(map(operator.mul, mass, MIDS)))


def variance(mass: Sequence[float]) -> float:
    """Posterior variance of θ (the cells' own width included)."""
    centre = mean(mass)
    second = float(sum(map(operator.mul, mass, _MIDS_SQ)))
    return max(second - centre * centre, 0.0) + 1.0 / (12.0 * CELLS * CELLS)


def quantile(mass: Sequence[float], q: float) -> float:
    """The θ below which a share ``q`` of the mass lies (linear within a cell)."""
    cumulative = 0.0
    for i, w in enumerate(mass):
        if cumulative + w >= q and w > 0.0:
            return (i + (q - cumulative) / w) / CELLS
        cumulative += w
    return 1.0


def upper_tails(mass: Sequence[float]) -> Vector:
    """P(θ ≥ t / 100) for t = 0 … 100 (a target sits on a cell boundary)."""
    tails = list(itertools.accumulate(reversed(mass)))
    tails.reverse()
    return (*(min(t, 1.0) for t in tails), 0.0)
