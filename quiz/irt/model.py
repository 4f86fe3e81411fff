"""The item response models: a two-parameter logistic curve and its Gauss–Hermite quadrature.

An attempt of ability θ answers item j right with probability P_j(θ) = 1 / (1 + exp(−a_j(θ − b_j)))
(the logistic metric, no 1.7 scaling constant); a_j is the item's discrimination, b_j its
difficulty. Abilities follow N(0, 1), so integrals over θ become weighted sums over the nodes of a
Gauss–Hermite rule (``quadrature``).
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]
DEFAULT_NODES = 21  # as ltm uses for the 2PL; enough for N(0, 1) and a ≤ 4


@lru_cache(maxsize=8)
def quadrature(points: int = DEFAULT_NODES) -> tuple[Array, Array]:
    """Nodes θ_q and weights w_q with Σ_q w_q f(θ_q) ≈ E f(θ) for θ ~ N(0, 1) (the weights sum
    to 1): the probabilists' Gauss–Hermite rule, exact for polynomials up to degree 2·points − 1."""
    nodes, weights = np.polynomial.hermite_e.hermegauss(points)
    scaled = weights / math.sqrt(2.0 * math.pi)
    nodes.setflags(write=False)
    scaled.setflags(write=False)
    return nodes, scaled


def probability(a: Array, b: Array, theta: Array) -> Array:
    """P(right) of every item (rows) at every node (columns): σ(a(θ − b))."""
    z = a[:, None] * (theta[None, :] - b[:, None])
    return 1.0 / (1.0 + np.exp(-z))


def log_probabilities(a: Array, b: Array, theta: Array) -> tuple[Array, Array]:
    """log P and log(1 − P) per item and node, computed without overflow."""
    z = a[:, None] * (theta[None, :] - b[:, None])
    return -np.logaddexp(0.0, -z), -np.logaddexp(0.0, z)
