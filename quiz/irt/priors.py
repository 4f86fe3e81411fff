"""Starting values and priors of an item from what the bank says about it.

A bank item carries a difficulty label 1–3 (easy, medium, hard) and a guessing floor g, the
credit a blind guess earns on average (``QuestionType.chance``: 1/k for single choice, 0 for a
typed answer). The 2PL has no guessing parameter, so the prior is the 2PL curve that matches the
three-parameter curve g + (1 − g)·σ(θ − b_label) at the point where it crosses 0.5 and has the
same slope there:

    σ* = (0.5 − g) / (1 − g),   b0 = b_label + logit(σ*),   a0 = 4 (1 − g) σ* (1 − σ*)

with b_label = −1, 0, 1 for labels 1, 2, 3. A guessable item looks easier and flatter. Floors
above MAX_FLOOR are treated as MAX_FLOOR (the curve would never fall to 0.5). The spreads are
wide: a label says which third of the scale an item is in, not where.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

LABEL_DIFFICULTY = {1: -1.0, 2: 0.0, 3: 1.0}
MAX_FLOOR = 0.4
DIFFICULTY_SD = 1.5
DISCRIMINATION_SD = 0.75


@dataclass(frozen=True)
class ItemPrior:
    """Normal priors on an item's discrimination and difficulty (means and standard deviations)."""

    discrimination: float
    difficulty: float
    discrimination_sd: float = DISCRIMINATION_SD
    difficulty_sd: float = DIFFICULTY_SD


def prior_from_label(label: int, floor: float) -> ItemPrior:
    """The prior of an item with difficulty ``label`` (1–3; others count as 2) and guessing
    floor ``floor`` (0–1)."""
    g = min(max(floor, 0.0), MAX_FLOOR)
    crossing = (0.5 - g) / (1.0 - g)
    logit = math.log(crossing / (1.0 - crossing))
    discrimination = 4.0 * (1.0 - g) * crossing * (1.0 - crossing)
    return ItemPrior(
        discrimination=round(discrimination, 4),
        difficulty=round(LABEL_DIFFICULTY.get(label, 0.0) + logit, 4),
    )
