"""Standard errors from the observed information of the marginal log-likelihood (Louis 1982).

The observed information at the estimates is the expected complete-data information minus the
covariance of the complete-data score, both under each attempt's posterior over the nodes:

    I_obs = Σ_p E[−∂² log f(x_p, θ) | x_p] − Σ_p Cov[∂ log f(x_p, θ) | x_p]

which is exactly −∂² of the marginal log-likelihood (plus the prior's precision when priors are
used). While attempts × parameters² is at most FULL_LIMIT the whole matrix is built and
inverted; above that each item's own block is inverted alone (for the Rasch model: the common
discrimination's whole row and the difficulties' diagonal), which ignores the covariance between
items' own parameters and gives smaller errors.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from quiz.irt.estimate import Model, Problem, State
from quiz.irt.model import DEFAULT_NODES, Array, probability, quadrature

Index = NDArray[np.int64]
FULL_LIMIT = 100_000_000  # attempts × parameters²: the full matrix costs about that × nodes
MAX_VARIANCE = 1e8  # an error above 10⁴ means the data do not determine the parameter
FULL = "observed information (Louis), full matrix"
BLOCKS = "observed information (Louis), per-item blocks"


def standard_errors(
    problem: Problem, state: State, model: Model, points: int = DEFAULT_NODES
) -> tuple[Array, Array, str]:
    """Standard errors of each item's discrimination and difficulty (NaN where the information
    is not positive definite or the error exceeds 10⁴) and the method used."""
    items = state.a.size
    size = 2 * items if model == "2pl" else items + 1
    if problem.right.shape[0] * size * size <= FULL_LIMIT:
        se = _invert(_full_information(problem, state, model, points))
        if model == "2pl":
            return se[0::2], se[1::2], FULL
        return np.full(items, se[0]), se[1:], FULL
    se_a, se_b = _block_errors(problem, state, model, points)
    undetermined = ~(se_a < MAX_VARIANCE**0.5) | ~(se_b < MAX_VARIANCE**0.5)
    return np.where(undetermined, np.nan, se_a), np.where(undetermined, np.nan, se_b), BLOCKS


def _invert(info: Array) -> Array:
    try:
        cov = np.linalg.inv(info)
    except np.linalg.LinAlgError:
        return np.full(info.shape[0], np.nan)
    diag = np.diag(cov)
    return np.where((diag > 0) & (diag < MAX_VARIANCE), np.sqrt(np.abs(diag)), np.nan)


def _positions(model: Model, items: int) -> tuple[Index, Index, int]:
    """The parameter index of each item's discrimination and difficulty, and the count."""
    j = np.arange(items, dtype=np.int64)
    if model == "2pl":
        return 2 * j, 2 * j + 1, 2 * items
    return np.zeros(items, dtype=np.int64), j + 1, items + 1


def _full_information(problem: Problem, state: State, model: Model, points: int) -> Array:
    theta, _ = quadrature(points)
    a, b = state.a, state.b
    ia, ib, size = _positions(model, a.size)
    to_a = np.zeros((a.size, size))
    to_a[np.arange(a.size), ia] = 1.0
    to_b = np.zeros((a.size, size))
    to_b[np.arange(a.size), ib] = 1.0
    p = probability(a, b, theta)
    d = theta[None, :] - b[:, None]
    spread = state.n * p * (1.0 - p)
    residual = state.r - state.n * p
    info = np.zeros((size, size))
    np.add.at(info, (ia, ia), (spread * d * d).sum(axis=1))
    np.add.at(info, (ib, ib), a * a * spread.sum(axis=1))
    cross = (-a[:, None] * (spread * d) + residual).sum(axis=1)
    np.add.at(info, (ia, ib), cross)
    np.add.at(info, (ib, ia), cross)
    x, m, w = problem.right, problem.shown, state.weights
    mean = np.zeros((x.shape[0], size))
    second = np.zeros((size, size))
    for q in range(theta.size):
        miss = x - m * p[:, q][None, :]  # x − P for shown items, 0 elsewhere
        scores = (miss * d[:, q][None, :]) @ to_a + (miss * -a[None, :]) @ to_b
        weighted = scores * w[:, q][:, None]
        mean += weighted
        second += scores.T @ weighted
    info -= second - mean.T @ mean
    info[ia, ia] += problem.precision_a if model == "2pl" else 0.0
    info[ib, ib] += problem.precision_b
    return info


def _block_errors(problem: Problem, state: State, model: Model, points: int) -> tuple[Array, Array]:
    theta, _ = quadrature(points)
    a, b = state.a, state.b
    x, m, w = problem.right, problem.shown, state.weights
    p = probability(a, b, theta)
    d = theta[None, :] - b[:, None]
    spread = state.n * p * (1.0 - p)
    residual = state.r - state.n * p
    square = state.r * (1.0 - 2.0 * p) + state.n * p * p  # Σ_p w m (x − P)²
    mean_1 = m * (x - w @ p.T)  # E[x − P] per attempt and item
    mean_d = m * (x * ((w @ theta)[:, None] - b[None, :]) - w @ (p * d).T)  # E[(x − P)(θ − b)]
    aa = (spread * d * d).sum(axis=1) - ((square * d * d).sum(axis=1) - (mean_d**2).sum(axis=0))
    bb = a * a * (spread.sum(axis=1) - (square.sum(axis=1) - (mean_1**2).sum(axis=0)))
    ab = (-a[:, None] * spread * d + residual).sum(axis=1) + a * (
        (square * d).sum(axis=1) - (mean_d * mean_1).sum(axis=0)
    )
    bb = bb + problem.precision_b
    if model == "rasch":
        return _rasch_arrow(problem, state, points, bb, mean_1)
    aa = aa + problem.precision_a
    det = aa * bb - ab * ab
    ok = (det > 0) & (aa > 0) & (bb > 0)
    safe = np.where(ok, det, 1.0)
    return (
        np.where(ok, np.sqrt(np.abs(bb / safe)), np.nan),
        np.where(ok, np.sqrt(np.abs(aa / safe)), np.nan),
    )


def _rasch_arrow(
    problem: Problem, state: State, points: int, bb: Array, mean_1: Array
) -> tuple[Array, Array]:
    """The common discrimination's row of the information (exact) beside the difficulties'
    diagonal, inverted through the Schur complement."""
    theta, _ = quadrature(points)
    a, b = state.a, state.b
    x, m, w = problem.right, problem.shown, state.weights
    p = probability(a, b, theta)
    d = theta[None, :] - b[:, None]
    spread = state.n * p * (1.0 - p)
    residual = state.r - state.n * p
    scores = x @ d - m @ (p * d)  # complete-data score of a per attempt and node
    weighted = w * scores
    mean_a = weighted.sum(axis=1)
    aa = float((spread * d * d).sum()) - float((weighted * scores).sum() - (mean_a**2).sum())
    second = x.T @ mean_a - ((m.T @ weighted) * p).sum(axis=1)
    cross = (-a[:, None] * spread * d + residual).sum(axis=1) + a * (second - mean_1.T @ mean_a)
    schur = aa - float((cross * cross / bb).sum())
    if schur <= 0 or np.any(bb <= 0):
        return np.full(a.size, np.nan), np.full(a.size, np.nan)
    var_a = 1.0 / schur
    var_b = 1.0 / bb + (cross / bb) ** 2 * var_a
    return np.full(a.size, np.sqrt(var_a)), np.sqrt(var_b)
