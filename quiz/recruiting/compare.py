"""Side-by-side comparison of candidates per requirement, honest about uncertainty.

Two candidates are ordered on a requirement only when their 90% intervals do not overlap and
each answered at least ``MIN_OWN_ITEMS`` questions on it: with fewer, the pooled estimate
mostly borrows from the candidate's other answers, and a "ranking" would restate the overall
score. Where the data cannot rank them, the comparison says so in words. Pure functions;
worked example in docs/recruiting.md ("Comparing candidates").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from quiz.recruiting.fit import Level, Wanted

MIN_CANDIDATES, MAX_CANDIDATES = 2, 4
MIN_OWN_ITEMS = 2  # questions of its own a requirement needs before candidates are ranked on it


def overlaps(a: Level, b: Level) -> bool:
    """Whether two intervals share at least one point (touching ends count as overlap)."""
    return a.low <= b.high and b.low <= a.high


def pair_statement(name_a: str, a: Level | None, name_b: str, b: Level | None) -> str:
    """One sentence on how two candidates stand on a requirement."""
    if a is None or b is None:
        missing = " and ".join(n for n, lv in ((name_a, a), (name_b, b)) if lv is None)
        verb = "were" if a is None and b is None else "was"
        return f"{missing} {verb} not assessed on this requirement, so no ranking."
    thin = [
        n
        for n, lv in ((name_a, a), (name_b, b))
        if lv.items is not None and lv.items < MIN_OWN_ITEMS
    ]
    if thin:
        who = " and ".join(thin)
        return (
            f"Too little evidence to rank {name_a} and {name_b} here: {who} answered fewer "
            f"than {MIN_OWN_ITEMS} questions on it, so the estimate leans on the rest of the test."
        )
    if overlaps(a, b):
        return f"The data cannot rank {name_a} and {name_b} on this requirement."
    ahead, behind = (name_a, name_b) if a.low > b.high else (name_b, name_a)
    return f"{ahead} is ahead of {behind} on this requirement (the intervals do not overlap)."


def ranks(a: Level | None, b: Level | None) -> bool:
    """Whether the data puts two levels in order (see the module docstring)."""
    if a is None or b is None or overlaps(a, b):
        return False
    return all(lv.items is None or lv.items >= MIN_OWN_ITEMS for lv in (a, b))


@dataclass(frozen=True)
class ComparedRow:
    """One requirement across the candidates: each one's level and the pairwise statements;
    ``ranked``: the statements that do put two candidates in order."""

    requirement: Wanted
    levels: tuple[Level | None, ...]
    statements: tuple[str, ...]
    ranked: tuple[str, ...] = ()


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
        pairs = list(combinations(range(len(names)), 2))
        statements = tuple(pair_statement(names[i], row[i], names[j], row[j]) for i, j in pairs)
        ranked = tuple(
            s for (i, j), s in zip(pairs, statements, strict=True) if ranks(row[i], row[j])
        )
        rows.append(ComparedRow(w, row, statements, ranked))
    return rows
