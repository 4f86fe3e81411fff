"""Marginal maximum likelihood of the 2PL and Rasch models: EM with Gauss–Hermite quadrature
(Bock & Aitkin 1981).

E-step: with the current parameters, each attempt's posterior over the quadrature nodes gives
the expected number of attempts at each node that were shown item j (n_jq) and that answered it
right (r_jq). M-step: each item's parameters maximise Σ_q r_jq log P_j(θ_q) + (n_jq − r_jq)
log(1 − P_j(θ_q)) (plus the log prior, when there is one), by Fisher scoring. The steps repeat
until no parameter moves by more than ``tolerance``. The Rasch model here is the one-parameter
logistic model with one discrimination common to all items, estimated (as ltm's ``rasch``), with
θ ~ N(0, 1). See docs/irt.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from quiz.irt.model import DEFAULT_NODES, Array, log_probabilities, probability, quadrature

Model = Literal["2pl", "rasch"]
MODELS: tuple[Model, ...] = ("2pl", "rasch")
MAX_STEP = 1.0  # a Fisher-scoring step moves a parameter by at most this much
MAX_DISCRIMINATION = 8.0
MAX_DIFFICULTY = 12.0
INNER_STEPS = 3


@dataclass(frozen=True)
class Problem:
    """What EM works on: 0/1 answers and the shown mask (attempts × estimated items), and the
    priors as means and precisions (precision 0: no prior)."""

    right: Array
    shown: Array
    prior_a: Array
    precision_a: Array
    prior_b: Array
    precision_b: Array


@dataclass
class State:
    """Current parameters, the posterior weights of each attempt over the nodes, the expected
    counts n_jq and r_jq, and the marginal log-likelihood."""

    a: Array
    b: Array
    weights: Array
    n: Array
    r: Array
    loglik: float


def e_step(problem: Problem, a: Array, b: Array, points: int = DEFAULT_NODES) -> State:
    """Posterior node weights per attempt, expected counts per item and node, and the marginal
    log-likelihood Σ_p log Σ_q w_q Π_j P_j(θ_q)^x (1 − P_j(θ_q))^(1 − x) at ``a``, ``b``."""
    theta, w = quadrature(points)
    log_p, log_q = log_probabilities(a, b, theta)
    x, m = problem.right, problem.shown
    joint = x @ log_p + (m - x) @ log_q + np.log(w)[None, :]
    top = joint.max(axis=1, keepdims=True)
    total = np.log(np.exp(joint - top).sum(axis=1, keepdims=True)) + top
    weights = np.exp(joint - total)
    return State(a, b, weights, m.T @ weights, x.T @ weights, float(total.sum()))


def m_step_2pl(problem: Problem, state: State, points: int = DEFAULT_NODES) -> tuple[Array, Array]:
    """Each item's (a, b) after a few Fisher-scoring steps on its expected-count likelihood."""
    theta, _ = quadrature(points)
    a, b = state.a.copy(), state.b.copy()
    for _ in range(INNER_STEPS):
        p = probability(a, b, theta)
        d = theta[None, :] - b[:, None]
        residual = state.r - state.n * p
        spread = state.n * p * (1.0 - p)
        grad_a = (residual * d).sum(axis=1) - problem.precision_a * (a - problem.prior_a)
        grad_b = -a * residual.sum(axis=1) - problem.precision_b * (b - problem.prior_b)
        info_aa = (spread * d * d).sum(axis=1) + problem.precision_a
        info_bb = a * a * spread.sum(axis=1) + problem.precision_b
        info_ab = -a * (spread * d).sum(axis=1)
        det = np.maximum(info_aa * info_bb - info_ab * info_ab, 1e-12)
        step_a = (info_bb * grad_a - info_ab * grad_b) / det
        step_b = (info_aa * grad_b - info_ab * grad_a) / det
        a = _bounded(a + np.clip(step_a, -MAX_STEP, MAX_STEP), MAX_DISCRIMINATION)
        b = _bounded(b + np.clip(step_b, -MAX_STEP, MAX_STEP), MAX_DIFFICULTY)
    return a, b


def _largest(change: Array) -> float:
    return float(np.abs(change).max(initial=0.0))


def _bounded(values: Array, limit: float) -> Array:
    return np.clip(values, -limit, limit)


def m_step_rasch(
    problem: Problem, state: State, points: int = DEFAULT_NODES
) -> tuple[Array, Array]:
    """The common discrimination and each item's difficulty after a few joint Fisher-scoring
    steps (the information matrix is an arrow: one row for a, a diagonal for the b's)."""
    theta, _ = quadrature(points)
    common, b = float(state.a[0]), state.b.copy()
    for _ in range(INNER_STEPS):
        a = np.full_like(b, common)
        p = probability(a, b, theta)
        d = theta[None, :] - b[:, None]
        residual = state.r - state.n * p
        spread = state.n * p * (1.0 - p)
        grad_a = float((residual * d).sum())
        grad_b = -common * residual.sum(axis=1) - problem.precision_b * (b - problem.prior_b)
        info_aa = float((spread * d * d).sum())
        cross = -common * (spread * d).sum(axis=1)
        diag = common * common * spread.sum(axis=1) + problem.precision_b
        schur = max(info_aa - float((cross * cross / diag).sum()), 1e-12)
        step_a = (grad_a - float((cross * grad_b / diag).sum())) / schur
        step_b = (grad_b - cross * step_a) / diag
        common = min(max(common + min(max(step_a, -MAX_STEP), MAX_STEP), 0.05), MAX_DISCRIMINATION)
        b = _bounded(b + np.clip(step_b, -MAX_STEP, MAX_STEP), MAX_DIFFICULTY)
    return np.full_like(b, common), b


def run_em(
    problem: Problem,
    model: Model,
    start: tuple[Array, Array],
    *,
    points: int = DEFAULT_NODES,
    tolerance: float = 1e-6,
    max_iterations: int = 2000,
) -> tuple[State, int, bool]:
    """EM from ``start`` until no parameter moves by more than ``tolerance``: the final state
    (E-step at the estimates), the iterations used and whether it converged."""
    m_step = m_step_2pl if model == "2pl" else m_step_rasch
    a, b = start
    state = e_step(problem, a, b, points)
    for iteration in range(1, max_iterations + 1):
        new_a, new_b = m_step(problem, state, points)
        change = max(_largest(new_a - a), _largest(new_b - b))
        a, b = new_a, new_b
        state = e_step(problem, a, b, points)
        if change < tolerance:
            return state, iteration, True
    return state, max_iterations, False
