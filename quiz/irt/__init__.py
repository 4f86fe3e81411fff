"""Item response theory: calibrating items from responses. Pure: plain data in, frozen
dataclasses out; no Flask, no database.

``fit`` estimates the two-parameter logistic model (or the Rasch model with a common
discrimination) by marginal maximum likelihood, EM with Gauss–Hermite quadrature, with standard
errors from the observed information; ``prior_from_label`` turns a bank item's difficulty label
and guessing floor into its prior. ``docs/irt.md`` has the formulas and a worked example the
tests check.
"""

from __future__ import annotations

from quiz.irt.data import RIGHT_AT, Responses, dichotomous, to_matrix
from quiz.irt.estimate import MODELS, Model
from quiz.irt.fit import ALL_RIGHT, ALL_WRONG, Fit, ItemEstimate, fit
from quiz.irt.model import DEFAULT_NODES, probability, quadrature
from quiz.irt.priors import ItemPrior, prior_from_label

__all__ = [
    "ALL_RIGHT",
    "ALL_WRONG",
    "DEFAULT_NODES",
    "MODELS",
    "RIGHT_AT",
    "Fit",
    "ItemEstimate",
    "ItemPrior",
    "Model",
    "Responses",
    "dichotomous",
    "fit",
    "prior_from_label",
    "probability",
    "quadrature",
    "to_matrix",
]
