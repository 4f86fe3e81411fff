"""Side-by-side comparison of candidates per requirement, honest about uncertainty.

Two candidates are ordered on a requirement only when their 90% intervals do not overlap;
where they overlap the data cannot rank them, and the comparison says so in words. Pure
functions; worked example in docs/recruiting.md ("Comparing candidates").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from quiz.recruiting.fit import Level, Wanted

MIN_CANDIDATES, MAX_CANDIDATES = 2, 4


def overlaps(a: Level, b: Level) -> bool:
    """Whether two intervals share at least one point (touching ends count as overlap)."""
    return a.low <= b.high and b.low <= a.high


def pair_statement(name_a: str, a: Level | None, name_b: str, b: Level | None) -> str:
    """One sentence on how two candidates stand on a requirement."""
    if a is None or b is None:
        missing = " and ".join(n for n, lv in ((name_a, a), (name_b, b)) if lv is None)
        verb = "were" if a is None and b is None else "was"
        return f"{missing} {verb} not assessed on this requirement, so no ranking."
    if overlaps(a, b):
        return f"The data cannot rank {name_a} and {name_b} on this requirement."
    ahead, behind = (name_a, name_b) if a.low > b.high else (name_b, name_a)
    return f"{ahead} is ahead of {behind} on this requirement (the intervals do not overlap)."


@dataclass(frozen=True)
class ComparedRow:
    """One requirement across the candidates: each one's level and the pairwise statements."""

    requirement: Wanted
    levels: tuple[Level | None, ...]
    statements: tuple[str, ...]


def compare(
    names: Sequence[str],
    levels: Sequence[Mapping[str, Level | None]],
    wanted: Sequence[Wanted],
) -> list[ComparedRow]:
    """Per requirement, every candidate's level and a statement for every pair of them."""
    if not MIN_CANDIDATES <= len(names) <= MAX_CANDIDATES or len(names) != len(levels):
        raise ValueError("compare 2 to 4 candidates, each with their levels")
    rows = []
    for w in wanted:
        row = tuple(by_id.get(w.id) for by_id in levels)
        statements = tuple(
            pair_statement(names[i], row[i], names[j], row[j])
            for i, j in combinations(range(len(names)), 2)
        )
        rows.append(ComparedRow(w, row, statements))
    return rows
