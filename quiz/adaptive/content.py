"""The adaptive pool and profiles of a content version (``quiz.bank.Content``), built once."""

from __future__ import annotations

from collections import defaultdict

from quiz.adaptive.bank import Bank, Goal, PoolItem, Profile, compile_bank
from quiz.bank import Content, question_type

_BANKS: dict[str, Bank] = {}
_KEEP = 8  # content versions kept compiled


def bank_of(content: Content) -> Bank:
    """The compiled pool of every item of ``content`` (cached by content version)."""
    bank = _BANKS.get(content.version)
    if bank is None:
        if len(_BANKS) >= _KEEP:
            _BANKS.pop(next(iter(_BANKS)))
        bank = _BANKS[content.version] = compile_bank(
            (
                PoolItem(
                    item.id,
                    content.item_area[item.id],
                    tuple(item.requirements),
                    item.difficulty,
                    question_type(item).chance(item),
                )
                for item in content.items.values()
            ),
            {r.id: r.area for r in content.requirements.values()},
            alternatives(content),
        )
    return bank


def alternatives(content: Content) -> dict[str, set[str]]:
    """Each member of an any-of group → the other members of its groups, over all profiles
    (as ``quiz.scoring.alternatives_of``)."""
    out: dict[str, set[str]] = defaultdict(set)
    for profile in content.profiles.values():
        for entry in profile.requirements.values():
            for member in entry.any_of:
                out[member].update(m for m in entry.any_of if m != member)
    return dict(out)


def profile_of(content: Content, profile_id: str) -> Profile:
    """The goals of one role profile, in profile order."""
    profile = content.profiles[profile_id]
    return Profile(
        profile.id,
        tuple(
            Goal(req_id, entry.weight, entry.target, tuple(entry.any_of) or (req_id,))
            for req_id, entry in profile.requirements.items()
        ),
    )
