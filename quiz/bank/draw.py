"""Draw the items of an attempt from the content, reproducibly from a seed."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Collection

from quiz.bank.loader import Content
from quiz.bank.schema import Item, RoleProfile

_WEIGHT_ORDER = {"must": 0, "should": 1, "nice": 2}


def draw_items(
    content: Content,
    profile_id: str,
    seed: int,
    count: int,
    areas: Collection[str] | None = None,
    stack: Collection[str] = (),
    requirements: Collection[str] | None = None,
) -> list[str]:
    """Up to ``count`` item ids over the profile's requirements, must-haves first.

    Requirements (restricted to ``areas`` when given) are visited round-robin: must, then
    should, then nice, random within a weight. Each visit takes one unused item tagged with the
    requirement, preferring the difficulty level drawn least so far, so a short quiz spreads
    over the most important requirements and over all three levels, and a long one covers every
    requirement before repeating any. An any-of group draws from the members named in ``stack``
    (the candidate's language and framework) or, without one, from all its members at random.
    The result is shuffled. Same inputs, same list.
    """
    rng = random.Random(seed)
    profile = content.profiles[profile_id]
    targeted = set(requirements or ())
    req_ids = sorted(
        r
        for r in profile.requirements
        if r in targeted
        or (areas is None and not targeted)
        or (areas is not None and any(_area(content, m) in areas for m in members(profile, r)))
    )
    rng.shuffle(req_ids)
    req_ids.sort(key=lambda r: _WEIGHT_ORDER[profile.requirements[r].weight])
    pools = {
        r: _pool(content, profile, r, None if r in targeted else areas, stack) for r in req_ids
    }
    for pool in pools.values():
        rng.shuffle(pool)
    chosen: list[str] = []
    levels: Counter[int] = Counter()
    while len(chosen) < count and any(pools.values()):
        for req_id in req_ids:
            pool = [i for i in pools[req_id] if i.id not in chosen]
            pools[req_id] = pool
            if not pool or len(chosen) >= count:
                continue
            item = min(pool, key=lambda i: levels[i.difficulty])  # first of the rarest level
            pool.remove(item)
            chosen.append(item.id)
            levels[item.difficulty] += 1
    rng.shuffle(chosen)
    return chosen


def members(profile: RoleProfile, req_id: str) -> list[str]:
    """The requirements an entry of ``profile`` stands for: a group's members, or itself."""
    return list(profile.requirements[req_id].any_of) or [req_id]


def _pool(
    content: Content,
    profile: RoleProfile,
    req_id: str,
    areas: Collection[str] | None,
    stack: Collection[str],
) -> list[Item]:
    """Unused candidates for one entry: a group takes its chosen members' items if any."""
    group = members(profile, req_id)
    chosen = [i for m in group if m in stack for i in content.items_for(m)]
    items = chosen or [i for m in group for i in content.items_for(m)]
    unique = {i.id: i for i in items if _in(content, i.id, areas)}
    return list(unique.values())


def _area(content: Content, req_id: str) -> str | None:
    req = content.requirements.get(req_id)
    return req.area if req else None


def _in(content: Content, item_id: str, areas: Collection[str] | None) -> bool:
    return areas is None or content.item_area[item_id] in areas
