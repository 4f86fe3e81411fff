"""``fit``: item parameters and their standard errors from a response matrix.

Items that every attempt shown them answered right (or wrong) carry no information about where
their curve lies: without priors they are reported as not estimable (no parameters) and left out
of the fit; with priors their estimates are the prior pulled by the data and noted as such.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from quiz.irt.data import Responses
from quiz.irt.errors import standard_errors
from quiz.irt.estimate import Model, Problem, run_em
from quiz.irt.model import DEFAULT_NODES, Array
from quiz.irt.priors import ItemPrior

ALL_RIGHT = "all right"
ALL_WRONG = "all wrong"
NOT_SHOWN = "no responses"
NO_ITEMS = "nothing (no item could be estimated)"


@dataclass(frozen=True)
class ItemEstimate:
    """One item: how many attempts were shown it and answered it right, its discrimination and
    difficulty with standard errors (None: not estimable), and a note on degenerate items."""

    item: str
    responses: int
    right: int
    discrimination: float | None
    difficulty: float | None
    se_discrimination: float | None
    se_difficulty: float | None
    note: str | None = None


@dataclass(frozen=True)
class Fit:
    """A fitted model: per-item estimates in input order, the marginal log-likelihood of the
    data at the estimates, and how the fit went."""

    model: Model
    items: tuple[ItemEstimate, ...]
    loglik: float
    attempts: int
    iterations: int
    converged: bool
    standard_errors: str


def fit(
    responses: Responses,
    model: Model = "2pl",
    priors: Mapping[str, ItemPrior] | None = None,
    *,
    points: int = DEFAULT_NODES,
    tolerance: float = 1e-6,
    max_iterations: int = 2000,
) -> Fit:
    """Fit ``model`` by marginal maximum likelihood (with ``priors``: the posterior mode, each
    item's prior being ``priors[item]`` or an unlabelled medium item's)."""
    counts, rights = responses.counts, responses.rights
    notes = [_note(n, r) for n, r in zip(counts, rights, strict=True)]
    # Without priors a degenerate item has no maximum; with them, its posterior mode is kept.
    keep = np.array([note is None for note in notes]) if priors is None else counts > 0
    used = [item for item, k in zip(responses.items, keep, strict=True) if k]
    problem = _problem(responses, keep, used, priors)
    start = _start(problem, counts[keep], rights[keep], priors is not None, model)
    if used:
        state, iterations, converged = run_em(
            problem, model, start, points=points, tolerance=tolerance, max_iterations=max_iterations
        )
        se_a, se_b, method = standard_errors(problem, state, model, points)
        loglik = state.loglik
        a, b = state.a, state.b
    else:
        iterations, converged, loglik, method = 0, True, 0.0, NO_ITEMS
        a = b = se_a = se_b = np.zeros(0)
    estimated = {item: k for k, item in enumerate(used)}
    rows = []
    for j, item in enumerate(responses.items):
        k = estimated.get(item)
        row = ItemEstimate(item, int(counts[j]), int(rights[j]), None, None, None, None, notes[j])
        if k is not None:
            row = replace(
                row,
                discrimination=float(a[k]),
                difficulty=float(b[k]),
                se_discrimination=_finite(se_a[k]),
                se_difficulty=_finite(se_b[k]),
            )
        rows.append(row)
    return Fit(model, tuple(rows), loglik, len(responses.attempts), iterations, converged, method)


def _note(count: float, right: float) -> str | None:
    if count == 0:
        return NOT_SHOWN
    if right == count:
        return ALL_RIGHT
    if right == 0:
        return ALL_WRONG
    return None


def _finite(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def _problem(
    responses: Responses,
    keep: NDArray[np.bool_],
    used: list[str],
    priors: Mapping[str, ItemPrior] | None,
) -> Problem:
    right, shown = responses.right[:, keep], responses.shown[:, keep]
    if priors is None:
        zeros = np.zeros(len(used))
        return Problem(right, shown, zeros, zeros, zeros, zeros)
    chosen = [priors.get(item, ItemPrior(1.0, 0.0)) for item in used]
    return Problem(
        right,
        shown,
        np.array([p.discrimination for p in chosen]),
        np.array([1.0 / p.discrimination_sd**2 for p in chosen]),
        np.array([p.difficulty for p in chosen]),
        np.array([1.0 / p.difficulty_sd**2 for p in chosen]),
    )


def _start(
    problem: Problem, counts: Array, rights: Array, with_priors: bool, model: Model
) -> tuple[Array, Array]:
    """Prior means when there are priors; otherwise a = 1 and b from the share right."""
    if with_priors:
        a, b = problem.prior_a.copy(), problem.prior_b.copy()
    else:
        share = np.clip(rights / np.maximum(counts, 1.0), 0.01, 0.99)
        a, b = np.ones(counts.size), -1.7 * np.log(share / (1.0 - share))
    if model == "rasch":
        a = np.full(counts.size, float(a.mean()) if a.size else 1.0)
    return a, b
