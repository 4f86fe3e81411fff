"""Counts over the content, for ``banks check`` summaries and ``banks stats --json``."""

from __future__ import annotations

import statistics
from collections import Counter
from typing import Any

from quiz.bank import cues
from quiz.bank.loader import Content


def content_stats(content: Content) -> dict[str, Any]:
    """Item counts by area, type, difficulty and requirement (with the minimum and median
    over scored requirements, and their types and levels); gaps in coverage; the surface-cue
    figures of ``quiz.bank.cues``; profiles."""
    by_requirement: Counter[str] = Counter()
    types: dict[str, set[str]] = {}
    levels: dict[str, set[int]] = {}
    for item in content.items.values():
        by_requirement.update(item.requirements)
        for req in item.requirements:
            types.setdefault(req, set()).add(item.type)
            levels.setdefault(req, set()).add(item.difficulty)
    scored = [r.id for r in content.requirements.values() if not r.self_declared]
    counts = sorted(by_requirement.get(r, 0) for r in scored)
    return {
        "version": content.version,
        "items": len(content.items),
        "by_area": dict(sorted(Counter(content.item_area.values()).items())),
        "by_type": dict(sorted(Counter(i.type for i in content.items.values()).items())),
        "by_difficulty": {
            str(k): v
            for k, v in sorted(Counter(i.difficulty for i in content.items.values()).items())
        },
        "by_requirement": {r: by_requirement.get(r, 0) for r in scored},
        "per_requirement": {
            "min": counts[0] if counts else 0,
            "median": statistics.median(counts) if counts else 0,
            "types": {r: sorted(types.get(r, ())) for r in scored},
            "difficulties": {r: sorted(levels.get(r, ())) for r in scored},
        },
        "cues": {group.group: group.to_dict() for group in cues.figures(content)},
        "requirements": len(content.requirements),
        "requirements_without_items": [r for r in scored if by_requirement.get(r, 0) == 0],
        "self_declared": [r.id for r in content.requirements.values() if r.self_declared],
        "profiles": list(content.profiles),
    }


def summary_line(content: Content) -> str:
    """One line saying what was loaded."""
    stats = content_stats(content)
    return (
        f"OK: {stats['items']} items in {len(stats['by_area'])} banks, "
        f"{stats['requirements']} requirements, {len(stats['profiles'])} profiles "
        f"(version {content.version})"
    )
