"""Pooled posteriors of a profile's requirements, the same model as ``quiz.scoring.pool``.

The scoring core computes the posteriors of the requirements an attempt touched; the selection
also needs those of the requirements it has not asked about yet (their pooled prior: what the
rest of the attempt shows). This is that computation on numpy arrays, for every requirement at
once, with the priors shared by requirements whose left-out items are the same (every
untouched requirement of an area has the same prior). A unit test checks it against
``quiz.scoring.pool``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np

from quiz.adaptive.bank import THETA, Answered, Array, Bank
from quiz.scoring import grid
from quiz.scoring.beta import beta_cdf
from quiz.scoring.mastery import KAPPA_AREA, KAPPA_REQUIREMENT

_THETA_SQ = THETA * THETA
_CELL_VARIANCE = 1.0 / (12.0 * grid.CELLS * grid.CELLS)
ZERO = np.zeros(grid.CELLS)


def normalise(log_mass: Array) -> Array:
    """Posterior cell masses from unnormalised log masses (rows, or one vector)."""
    top = np.max(log_mass, axis=-1, keepdims=True)
    w = np.exp(log_mass - top)
    out: Array = w / np.sum(w, axis=-1, keepdims=True)
    return out


_LOG_MID = np.log(THETA)
_LOG_MID_C = np.log1p(-THETA)
_WIDTH = 1.0 / grid.CELLS


@lru_cache(maxsize=8192)
def _log_prior(a: float, b: float) -> Array:
    """``grid.log_prior`` on arrays: the same midpoint rule inside, the exact Beta CDF for the
    two edge cells."""
    log_norm = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + math.log(_WIDTH)
    inner: Array = (a - 1.0) * _LOG_MID + (b - 1.0) * _LOG_MID_C + log_norm
    inner[0] = math.log(max(beta_cdf(_WIDTH, a, b), 1e-300))
    inner[-1] = math.log(max(1.0 - beta_cdf(1.0 - _WIDTH, a, b), 1e-300))
    return inner


def child_prior(parent: Array) -> tuple[float, float]:
    """The (centre, weight) of ``mastery._child_prior``: the Beta matching the mean and
    variance of a level drawn around ``parent`` (κ given by the caller)."""
    centre = float(parent @ THETA)
    spread = max(float(parent @ _THETA_SQ) - centre * centre, 0.0) + _CELL_VARIANCE
    return min(max(centre, 0.01), 0.99), spread


def _beta_around(parent: Array, kappa: float) -> Array:
    centre, spread = child_prior(parent)
    within = max(centre * (1.0 - centre) - spread, 0.0) / (kappa + 1.0)
    total = min(within + spread, 0.999 * centre * (1.0 - centre))
    weight = centre * (1.0 - centre) / total - 1.0
    centre = min(max(centre, 0.01), 0.99)
    return _log_prior(round(weight * centre, 6), round(weight * (1.0 - centre), 6))


def pooled(bank: Bank, answered: Sequence[Answered], requirement_ids: Iterable[str]) -> Pooled:
    """Posterior masses of ``requirement_ids`` after ``answered`` (see the module docstring)."""
    answered = sorted(answered, key=lambda a: a.item_id)  # order never matters
    idx, rows = bank.loglik(answered) if answered else ([], np.zeros((0, grid.CELLS)))
    items = [bank.items[i] for i in idx]
    overall = rows.sum(axis=0) if idx else ZERO
    areas = {item.area for item in items}
    by_area = {a: rows[[n for n, it in enumerate(items) if it.area == a]].sum(0) for a in areas}
    tagged: dict[str, list[int]] = {}
    for n, item in enumerate(items):
        for req in dict.fromkeys(item.requirement_ids):
            tagged.setdefault(req, []).append(n)
    levels: dict[frozenset[int], Array] = {}
    priors: dict[tuple[frozenset[int], str], Array] = {}
    masses: dict[str, Array] = {}
    unowned: dict[tuple[frozenset[int], str], Array] = {}  # the prior's own mass, shared
    for req in dict.fromkeys(requirement_ids):
        own = tagged.get(req, [])
        area = bank.requirement_area.get(req) or (items[own[0]].area if own else "")
        left = set(own)
        for sibling in bank.alternatives.get(req, ()):
            left.update(tagged.get(sibling, ()))
        out_set = frozenset(left)
        key = (out_set, area)
        if key not in priors:
            out = sorted(left)
            if out_set not in levels:
                levels[out_set] = normalise(overall - rows[out].sum(axis=0) if out else overall)
            out_area = rows[[n for n in out if items[n].area == area]].sum(axis=0) if out else ZERO
            area_prior = _beta_around(levels[out_set], KAPPA_AREA)
            area_rest = by_area.get(area, ZERO) - out_area
            priors[key] = _beta_around(normalise(area_prior + area_rest), KAPPA_REQUIREMENT)
        if own:
            masses[req] = normalise(priors[key] + rows[own].sum(axis=0))
        else:
            if key not in unowned:
                unowned[key] = normalise(priors[key])
            masses[req] = unowned[key]
    return Pooled(masses, {r: len(n) for r, n in tagged.items()})


class Pooled:
    """Posterior cell masses per requirement, and how many answered items each has."""

    def __init__(self, masses: dict[str, Array], counts: dict[str, int]) -> None:
        self.masses = masses
        self.counts = counts

    def mean(self, req: str) -> float:
        """Posterior mean on 0–100, rounded as a report rounds it."""
        return round(100.0 * float(self.masses[req] @ THETA), 1)

    def low(self, req: str) -> float:
        """The 5th percentile on 0–100, rounded down as a report rounds it."""
        return float(np.floor(100.0 * grid.quantile(self.masses[req].tolist(), 0.05)))

    def prob_at_least(self, req: str, target: int) -> float:
        """P(mastery ≥ target) for a whole target 0–100."""
        return min(float(self.masses[req][target:].sum()), 1.0)
