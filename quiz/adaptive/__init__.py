"""Adaptive selection: the next question of a quick check from the answers so far.

Pure: plain data in and out, no Flask, no database. ``bank`` compiles the item pool (each
item's likelihood rows on the scoring grid, computed once per content version), ``posterior``
pools the profile's requirements as ``quiz.scoring`` does, ``select`` ranks the unused items
by the expected variance of the role's readiness after their answer and decides when to stop.
See docs/adaptive.md.
"""

from __future__ import annotations

from quiz.adaptive.bank import Answered, Bank, Goal, PoolItem, Profile, compile_bank
from quiz.adaptive.content import bank_of, profile_of
from quiz.adaptive.select import (
    INTERVAL,
    LENGTH,
    POOL,
    RULES,
    STOP_REASONS,
    Decision,
    Rules,
    next_item,
)

__all__ = [
    "INTERVAL",
    "LENGTH",
    "POOL",
    "RULES",
    "STOP_REASONS",
    "Answered",
    "Bank",
    "Decision",
    "Goal",
    "PoolItem",
    "Profile",
    "Rules",
    "bank_of",
    "compile_bank",
    "next_item",
    "profile_of",
]
