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
HALVINGS = 20


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
        # Shorten a long step as a whole, keeping its (uphill) direction.
        scale = MAX_STEP / np.maximum(np.maximum(np.abs(step_a), np.abs(step_b)), MAX_STEP)
        new_a = _bounded(a + scale * step_a, MAX_DISCRIMINATION)
        new_b = _bounded(b + scale * step_b, MAX_DIFFICULTY)
        a, b = _no_worse(problem, state, theta, (a, b), (new_a, new_b))
    return a, b


def objective(
    problem: Problem, state: State, theta: Array, a: Array, b: Array, *, slope_prior: bool = True
) -> Array:
    """Each item's expected complete-data log-likelihood (plus its log prior) at ``a``, ``b``:
    what an M-step maximises. The Rasch model's common slope has no prior."""
    log_p, log_q = log_probabilities(a, b, theta)
    fit = (state.r * log_p + (state.n - state.r) * log_q).sum(axis=1)
    prior = problem.precision_b * (b - problem.prior_b) ** 2
    if slope_prior:
        prior = prior + problem.precision_a * (a - problem.prior_a) ** 2
    return np.asarray(fit - 0.5 * prior, dtype=np.float64)


def _no_worse(
    problem: Problem,
    state: State,
    theta: Array,
    old: tuple[Array, Array],
    new: tuple[Array, Array],
) -> tuple[Array, Array]:
    """``new``, with the step halved for each item whose objective it would lower (a full
    Fisher-scoring step can overshoot on a flat likelihood; EM must never go downhill)."""
    before = objective(problem, state, theta, *old)
    a, b = new
    for _ in range(HALVINGS):
        worse = objective(problem, state, theta, a, b) < before - 1e-12
        if not worse.any():
            break
        a = np.where(worse, (old[0] + a) / 2.0, a)
        b = np.where(worse, (old[1] + b) / 2.0, b)
    worse = objective(problem, state, theta, a, b) < before
    return np.where(worse, old[0], a), np.where(worse, old[1], b)


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
        scale = MAX_STEP / max(abs(step_a), float(np.abs(step_b).max(initial=0.0)), MAX_STEP)
        new_common = min(max(common + scale * step_a, 0.05), MAX_DISCRIMINATION)
        new_b = _bounded(b + scale * step_b, MAX_DIFFICULTY)
        before = float(objective(problem, state, theta, a, b, slope_prior=False).sum())
        for _ in range(HALVINGS):
            slopes = np.full_like(b, new_common)
            after = objective(problem, state, theta, slopes, new_b, slope_prior=False)
            if float(after.sum()) >= before - 1e-12:
                break
            new_common, new_b = (common + new_common) / 2.0, (b + new_b) / 2.0
        else:
            break  # no step uphill: stay
        common, b = new_common, new_b
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
