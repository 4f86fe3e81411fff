"""Draw the items of an attempt from the content, reproducibly from a seed."""

from __future__ import annotations

import random

from quiz.bank.loader import Content

_WEIGHT_ORDER = {"must": 0, "should": 1, "nice": 2}


def draw_items(content: Content, profile_id: str, seed: int, count: int) -> list[str]:
    """Up to ``count`` item ids covering the profile's requirements, must-haves first.

    Requirements are visited round-robin (must, then should, then nice; random within a weight)
    and each visit takes one unused random item tagged with that requirement, so a short quiz
    spreads over as many important requirements as it can. The result is then shuffled. The
    same content, profile and seed always give the same list.
    """
    rng = random.Random(seed)
    profile = content.profiles[profile_id]
    req_ids = sorted(profile.requirements)
    rng.shuffle(req_ids)
    req_ids.sort(key=lambda r: _WEIGHT_ORDER[profile.requirements[r].weight])
    pools = {r: [i.id for i in content.items_for(r)] for r in req_ids}
    for pool in pools.values():
        rng.shuffle(pool)
    chosen: list[str] = []
    taken: set[str] = set()
    while len(chosen) < count and any(pools.values()):
        for req_id in req_ids:
            pool = pools[req_id]
            while pool and pool[-1] in taken:
                pool.pop()
            if pool and len(chosen) < count:
                item_id = pool.pop()
                chosen.append(item_id)
                taken.add(item_id)
    rng.shuffle(chosen)
    return chosen
