"""Item calibration (``quiz.irt``): the worked example and the prior table of docs/irt.md,
credit rounding, degenerate items, and recovery of known parameters from simulated sparse
responses (seeded)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from quiz.irt import ALL_RIGHT, ItemPrior, fit, prior_from_label, probability, quadrature
from quiz.irt import errors as irt_errors
from quiz.irt.data import dichotomous, to_matrix
from quiz.irt.estimate import Problem, e_step

DOC = (Path(__file__).resolve().parents[2] / "docs" / "irt.md").read_text(encoding="utf-8")


def _doc_number(value: float) -> str:
    """A number as docs/irt.md prints it (4 decimals, a real minus sign)."""
    return f"{value:.4f}".replace("-", "−")


def test_worked_example_of_the_docs() -> None:
    theta, w = quadrature(3)
    assert theta == pytest.approx([-math.sqrt(3), 0.0, math.sqrt(3)])
    assert w == pytest.approx([1 / 6, 2 / 3, 1 / 6])
    a, b = np.array([1.0, 2.0]), np.array([0.0, 1.0])
    p = probability(a, b, theta)
    assert p[0] == pytest.approx([0.1503, 0.5, 0.8497], abs=5e-5)
    assert p[1] == pytest.approx([0.0042, 0.1192, 0.8122], abs=5e-5)
    none = np.zeros(2)
    problem = Problem(np.array([[1.0, 0.0]]), np.ones((1, 2)), none, none, none, none)
    state = e_step(problem, a, b, points=3)
    assert math.exp(state.loglik) == pytest.approx(0.3451, abs=5e-5)
    assert state.loglik == pytest.approx(-1.0638, abs=5e-5)
    assert state.weights[0] == pytest.approx([0.0723, 0.8506, 0.0771], abs=5e-5)
    assert state.n == pytest.approx(np.vstack([state.weights[0]] * 2))
    assert state.r[0] == pytest.approx(state.weights[0])
    assert state.r[1] == pytest.approx([0.0, 0.0, 0.0])
    # The document shows these same figures.
    assert f"log L = {_doc_number(state.loglik)}" in DOC
    assert f"Σ w_q P_1 (1 − P_2) = {math.exp(state.loglik):.4f}" in DOC
    for q in range(3):
        assert f"| {_doc_number(state.weights[0][q])} |" in DOC


@pytest.mark.parametrize(
    ("label", "floor", "a0", "b0"),
    [(2, 0.25, 0.6667, -0.6931), (3, 0.0, 1.0, 1.0), (1, 0.5, 0.3333, -2.6094)],
)
def test_priors_from_labels_as_documented(label: int, floor: float, a0: float, b0: float) -> None:
    prior = prior_from_label(label, floor)
    assert (prior.discrimination, prior.difficulty) == (a0, b0)
    assert f"| {_doc_number(a0)} | {_doc_number(b0)} |" in DOC


def test_a_guessable_item_looks_easier_and_flatter() -> None:
    typed, four, two = (prior_from_label(2, g) for g in (0.0, 0.25, 0.5))
    assert typed.difficulty > four.difficulty > two.difficulty
    assert typed.discrimination > four.discrimination > two.discrimination
    assert prior_from_label(7, 0.0) == prior_from_label(2, 0.0)  # an unknown label: medium


def test_credit_is_rounded_and_missing_items_are_not_shown() -> None:
    assert [dichotomous(c) for c in (0.0, 0.49, 0.5, 0.75, 1.0)] == [0, 0, 1, 1, 1]
    matrix = to_matrix([("a1", "q1", 0.5), ("a1", "q2", 0.25), ("a2", "q2", 1.0)])
    assert matrix.items == ("q1", "q2") and matrix.attempts == ("a1", "a2")
    assert matrix.right.tolist() == [[1.0, 0.0], [0.0, 1.0]]
    assert matrix.shown.tolist() == [[1.0, 1.0], [0.0, 1.0]]


def simulate(
    items: int, attempts: int, shown: int, seed: int
) -> tuple[list[tuple[str, str, float]], np.ndarray, np.ndarray]:
    """Sparse 2PL responses: each attempt is shown ``shown`` of ``items`` items at random."""
    rng = np.random.default_rng(seed)
    a = rng.uniform(0.6, 2.0, items)
    b = rng.normal(0.0, 1.0, items)
    rows = []
    for p in range(attempts):
        theta = rng.normal()
        for j in rng.choice(items, size=shown, replace=False):
            right = rng.random() < 1.0 / (1.0 + math.exp(-a[j] * (theta - b[j])))
            rows.append((f"p{p}", f"i{j:03d}", 1.0 if right else 0.0))
    return rows, a, b


def test_sparse_2pl_recovers_the_parameters_it_was_drawn_from() -> None:
    rows, a, b = simulate(items=30, attempts=2000, shown=12, seed=2027)
    result = fit(to_matrix(rows), "2pl")
    assert result.converged
    estimates = {e.item: e for e in result.items}
    est_a = np.array([estimates[f"i{j:03d}"].discrimination for j in range(30)], dtype=float)
    est_b = np.array([estimates[f"i{j:03d}"].difficulty for j in range(30)], dtype=float)
    se_b = np.array([estimates[f"i{j:03d}"].se_difficulty for j in range(30)], dtype=float)
    assert np.abs(est_b - b).mean() < 0.15
    assert np.abs(est_a - a).mean() < 0.2
    # The errors are honest: about 95 % of the difficulties within two of them.
    assert (np.abs(est_b - b) < 2 * se_b).mean() >= 0.85


def test_per_item_blocks_are_close_to_the_full_matrix_for_sparse_data(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rows, _, _ = simulate(items=30, attempts=1500, shown=10, seed=7)
    matrix = to_matrix(rows)
    full = fit(matrix, "2pl")
    monkeypatch.setattr(irt_errors, "FULL_LIMIT", 0)
    blocks = fit(matrix, "2pl")
    assert full.standard_errors.endswith("full matrix")
    assert blocks.standard_errors.endswith("per-item blocks")
    for f, k in zip(full.items, blocks.items, strict=True):
        assert k.difficulty == f.difficulty  # the same estimates, other errors
        assert k.se_difficulty == pytest.approx(f.se_difficulty, rel=0.08)
        assert k.se_discrimination == pytest.approx(f.se_discrimination, rel=0.08)
        assert (k.se_difficulty or 0) <= (f.se_difficulty or 0) * 1.001


def test_an_item_everyone_got_right_needs_a_prior() -> None:
    rows, _, _ = simulate(items=5, attempts=300, shown=5, seed=3)
    rows += [(f"p{p}", "sure", 1.0) for p in range(300)]
    matrix = to_matrix(rows)
    without = {e.item: e for e in fit(matrix, "2pl").items}
    assert without["sure"].note == ALL_RIGHT
    assert without["sure"].difficulty is None and without["sure"].se_difficulty is None
    assert without["i000"].difficulty is not None
    with_priors = {e.item: e for e in fit(matrix, "2pl", {"sure": ItemPrior(1.0, -1.0)}).items}
    sure = with_priors["sure"]
    assert sure.note == ALL_RIGHT
    assert sure.difficulty is not None and sure.difficulty < -1.0  # pulled down from the prior
    assert sure.se_difficulty is not None and 0 < sure.se_difficulty < 1.5


def test_rasch_fits_one_slope_and_no_better_than_the_2pl() -> None:
    rows, _, _ = simulate(items=8, attempts=800, shown=8, seed=11)
    matrix = to_matrix(rows)
    two, one = fit(matrix, "2pl"), fit(matrix, "rasch")
    assert len({e.discrimination for e in one.items}) == 1
    assert one.loglik < two.loglik
    assert one.standard_errors.endswith("full matrix")


def test_rasch_blocks_keep_the_common_slope_row(monkeypatch: pytest.MonkeyPatch) -> None:
    rows, _, _ = simulate(items=30, attempts=1500, shown=10, seed=7)
    matrix = to_matrix(rows)
    full = fit(matrix, "rasch")
    monkeypatch.setattr(irt_errors, "FULL_LIMIT", 0)
    blocks = fit(matrix, "rasch")
    assert blocks.standard_errors.endswith("per-item blocks")
    slope_full, slope_blocks = full.items[0].se_discrimination, blocks.items[0].se_discrimination
    assert slope_blocks == pytest.approx(slope_full, rel=0.05)
    for f, k in zip(full.items, blocks.items, strict=True):
        assert k.se_difficulty == pytest.approx(f.se_difficulty, rel=0.05)
        assert (k.se_difficulty or 0) <= (f.se_difficulty or 0)
