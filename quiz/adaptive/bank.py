"""The item pool of the adaptive quick check, compiled once per content version.

Every item's evidence on the scoring grid (``quiz.scoring.grid``) is precomputed: the tempered
log-likelihoods of a right and of a wrong answer (difficulty weights SUCCESS and FAILURE) and
the untempered probability of a right answer, P(right | θ) = g + (1 − g)·θ, which predicts the
outcome. A selection then only indexes these arrays.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from quiz.scoring.grid import MAX_CHANCE, MIDS
from quiz.scoring.mastery import FAILURE, SUCCESS

Array = npt.NDArray[np.float64]
THETA: Array = np.array(MIDS)


@dataclass(frozen=True)
class PoolItem:
    """One item as the selection sees it: plain data from the bank."""

    id: str
    area: str
    requirement_ids: tuple[str, ...]
    difficulty: int
    chance: float


@dataclass(frozen=True)
class Goal:
    """One entry of a role profile: a requirement, or an any-of group met by its best member.

    ``members`` is ``(id,)`` for a requirement; ``area`` is the area of its (first) member."""

    id: str
    weight: str
    target: int
    members: tuple[str, ...]


@dataclass(frozen=True)
class Profile:
    """A role profile as the selection needs it: its goals in profile order."""

    id: str
    goals: tuple[Goal, ...]


@dataclass(frozen=True)
class Answered:
    """An item already presented, with the credit it earned (None: left unanswered, which
    the scoring counts as 0)."""

    item_id: str
    credit: float | None


@dataclass(frozen=True)
class Bank:
    """The compiled pool: items, their likelihood rows, and the bank's structure."""

    items: tuple[PoolItem, ...]
    requirement_area: Mapping[str, str]
    alternatives: Mapping[str, frozenset[str]]
    index: Mapping[str, int] = field(repr=False)
    log_right: Array = field(repr=False)  # SUCCESS[d] · log(g + (1 − g)θ), one row per item
    log_wrong: Array = field(repr=False)  # FAILURE[d] · log((1 − g)(1 − θ))
    like_right: Array = field(repr=False)  # exp(log_right)
    like_wrong: Array = field(repr=False)  # exp(log_wrong)
    p_right: Array = field(repr=False)  # g + (1 − g)θ, untempered: the outcome's probability
    by_requirement: Mapping[str, tuple[int, ...]] = field(repr=False)

    def loglik(self, answered: Iterable[Answered]) -> tuple[list[int], Array]:
        """Item indexes and log-likelihood rows of the answered items (credit c counts as c
        right and 1 − c wrong answers, as in the scoring)."""
        idx, credits = [], []
        for a in answered:
            idx.append(self.index[a.item_id])
            credits.append(a.credit or 0.0)
        c = np.array(credits)[:, None]
        rows = c * self.log_right[idx] + (1.0 - c) * self.log_wrong[idx]
        return idx, rows


def compile_bank(
    items: Iterable[PoolItem],
    requirement_area: Mapping[str, str],
    alternatives: Mapping[str, Iterable[str]] | None = None,
) -> Bank:
    """Compile ``items`` (sorted by id, so the pool's order never depends on the caller's).

    ``alternatives`` maps a requirement to the other members of its any-of groups, whose items
    do not inform its prior (as ``quiz.scoring.pool``)."""
    ordered = tuple(sorted(items, key=lambda i: i.id))
    chance = np.clip(np.array([i.chance for i in ordered], dtype=float), 0.0, MAX_CHANCE)
    success = np.array([SUCCESS[i.difficulty] for i in ordered], dtype=float)
    failure = np.array([FAILURE[i.difficulty] for i in ordered], dtype=float)
    p_right = chance[:, None] + (1.0 - chance[:, None]) * THETA[None, :]
    log_right = success[:, None] * np.log(p_right)
    log_wrong = failure[:, None] * (np.log1p(-chance)[:, None] + np.log1p(-THETA)[None, :])
    by_req: dict[str, list[int]] = {}
    for n, item in enumerate(ordered):
        for req in dict.fromkeys(item.requirement_ids):
            by_req.setdefault(req, []).append(n)
    return Bank(
        items=ordered,
        requirement_area=dict(requirement_area),
        alternatives={k: frozenset(v) for k, v in (alternatives or {}).items()},
        index={item.id: n for n, item in enumerate(ordered)},
        log_right=log_right,
        log_wrong=log_wrong,
        like_right=np.exp(log_right),
        like_wrong=np.exp(log_wrong),
        p_right=p_right,
        by_requirement={k: tuple(v) for k, v in by_req.items()},
    )
