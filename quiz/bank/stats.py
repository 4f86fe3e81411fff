"""Counts over the content, for ``banks check`` summaries and ``banks stats --json``."""

from __future__ import annotations

from collections import Counter
from typing import Any

from quiz.bank.loader import Content


def content_stats(content: Content) -> dict[str, Any]:
    """Item counts by area, type, difficulty and requirement; gaps in coverage; profiles."""
    by_requirement: Counter[str] = Counter()
    for item in content.items.values():
        by_requirement.update(item.requirements)
    scored = [r.id for r in content.requirements.values() if not r.self_declared]
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
