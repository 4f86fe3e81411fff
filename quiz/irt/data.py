"""Responses as the estimator needs them: a 0/1 matrix of attempts × items and a mask of what
each attempt was shown.

The bank draws different items for different attempts, so an item missing from an attempt was
not presented to it and counts neither way. Credit is rounded to 0/1 for these models: credit of
at least 0.5 counts as right.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from quiz.irt.model import Array

RIGHT_AT = 0.5  # credit from here up counts as a right answer


@dataclass(frozen=True)
class Responses:
    """``right[p, j]`` is 1 when attempt p answered item j right; ``shown[p, j]`` is 1 when item j
    was presented to attempt p. Items and attempts keep the order they first appeared in."""

    items: tuple[str, ...]
    attempts: tuple[str, ...]
    right: Array
    shown: Array

    @property
    def counts(self) -> Array:
        """How many attempts were shown each item."""
        return np.asarray(self.shown.sum(axis=0), dtype=np.float64)

    @property
    def rights(self) -> Array:
        """How many attempts answered each item right."""
        return np.asarray(self.right.sum(axis=0), dtype=np.float64)


def dichotomous(credit: float) -> int:
    """Credit in [0, 1] as a right (1) or wrong (0) answer."""
    return 1 if credit >= RIGHT_AT else 0


def to_matrix(rows: Iterable[tuple[str, str, float]]) -> Responses:
    """The ``(attempt, item, credit)`` rows as matrices; a repeated pair keeps its last credit."""
    attempt_index: dict[str, int] = {}
    item_index: dict[str, int] = {}
    cells: list[tuple[int, int, int]] = []
    for attempt, item, credit in rows:
        p = attempt_index.setdefault(attempt, len(attempt_index))
        j = item_index.setdefault(item, len(item_index))
        cells.append((p, j, dichotomous(credit)))
    right = np.zeros((len(attempt_index), len(item_index)))
    shown = np.zeros_like(right)
    if cells:
        index = np.array(cells, dtype=np.int64)
        shown[index[:, 0], index[:, 1]] = 1.0
        right[index[:, 0], index[:, 1]] = index[:, 2]
    return Responses(tuple(item_index), tuple(attempt_index), right, shown)
