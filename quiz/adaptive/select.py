"""Choose the next question of an adaptive quick check, or stop.

The quantity measured is the role's readiness as the report computes it (``quiz.scoring``):
R = Σ w_g·B_g / Σ w_g over the profile's assessed goals, B_g ~ Bernoulli(p_g), p_g the
posterior probability that goal g reaches its target. Its variance is V = S / W² with
S = Σ w_g²·p_g(1 − p_g) and W = Σ w_g. For each unused item of the profile the selection
predicts both outcomes (P(right) = g + (1 − g)·θ under the item's requirement's current
pooled posterior), updates p_g with the scoring's tempered likelihood, and computes the
expected V after the answer; an item of a goal not yet assessed also adds its weight to W.
It takes the item with the smallest expected V, subject to:

- content balancing: while fewer than MUST_SHARE of the questions so far went to must-have
  goals, only must-have goals are eligible; no goal gets more than MAX_PER_GOAL questions;
- exposure control (randomesque): one of the TOP_K best items, drawn with a generator seeded
  by the attempt's seed and the number of answers, so the same seed and answers always give
  the same item;
- stopping: after MIN_LENGTH questions once the readiness interval (5th–95th percentile, as the
  report shows it) is at most STOP_WIDTH points wide ("interval"), at MAX_LENGTH questions
  ("length"), or when no eligible item is left ("pool").
"""

from __future__ import annotations

import random
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np

from quiz.adaptive.bank import Answered, Bank, Goal, Profile
from quiz.adaptive.posterior import Pooled, pooled
from quiz.scoring.readiness import WEIGHT_FACTOR, Readiness, readiness

INTERVAL, LENGTH, POOL = "interval", "length", "pool"
STOP_REASONS = (INTERVAL, LENGTH, POOL)


@dataclass(frozen=True)
class Rules:
    """The tuning of a selection (docs/adaptive.md gives the defaults' reasons)."""

    max_length: int = 20
    min_length: int = 8
    stop_width: float = 30.0
    top_k: int = 3
    must_share: float = 0.5
    max_per_goal: int = 3


RULES = Rules()


@dataclass(frozen=True)
class Decision:
    """The next item, or None with the reason to stop; the readiness so far."""

    item_id: str | None
    stop: str | None
    asked: int
    readiness: Readiness


@dataclass(frozen=True)
class _Standing:
    """Where each goal stands: the member its items count for, p_g, and its items so far."""

    goals: tuple[Goal, ...]
    members: tuple[tuple[str, ...], ...]  # eligible members (a group narrowed to the stack)
    p: tuple[float | None, ...]  # None: not assessed
    asked: tuple[int, ...]
    pooled: Pooled


def eligible_members(goal: Goal, stack: Collection[str]) -> tuple[str, ...]:
    """A group's members named in ``stack`` (the candidate's language and framework), else all."""
    chosen = tuple(m for m in goal.members if m in stack)
    return chosen or goal.members


def standing(
    bank: Bank, profile: Profile, answered: Sequence[Answered], stack: Collection[str] = ()
) -> _Standing:
    """Pooled posteriors and each goal's probability of meeting its target."""
    members = tuple(eligible_members(g, stack) for g in profile.goals)
    state = pooled(bank, answered, (m for ms in members for m in ms))
    p: list[float | None] = []
    asked: list[int] = []
    for goal in profile.goals:
        seen = [m for m in goal.members if state.counts.get(m) and m in state.masses]
        asked.append(sum(state.counts.get(m, 0) for m in goal.members))
        if not seen:
            p.append(None)
            continue
        best = max(seen, key=lambda m: (state.mean(m), state.low(m)))
        p.append(state.prob_at_least(best, goal.target))
    return _Standing(profile.goals, members, tuple(p), tuple(asked), state)


def readiness_of(stand: _Standing) -> Readiness:
    """Readiness over the assessed goals, exactly as the report computes it."""
    chances = [(g.weight, p) for g, p in zip(stand.goals, stand.p, strict=True) if p is not None]
    return readiness(chances, len(stand.goals))


def next_item(
    bank: Bank,
    profile: Profile,
    answered: Sequence[Answered],
    seed: int,
    rules: Rules = RULES,
    stack: Collection[str] = (),
) -> Decision:
    """The next item after ``answered`` (in the order presented), or a stop decision."""
    stand = standing(bank, profile, answered, stack)
    ready = readiness_of(stand)
    n = len(answered)
    if n >= rules.max_length:
        return Decision(None, LENGTH, n, ready)
    if n >= rules.min_length and ready.high - ready.low <= rules.stop_width:
        return Decision(None, INTERVAL, n, ready)
    ranked = rank(bank, stand, {a.item_id for a in answered}, rules)
    if not ranked:
        return Decision(None, POOL, n, ready)
    rng = random.Random(f"{seed}:{n}")
    return Decision(rng.choice(ranked[: rules.top_k]), None, n, ready)


def rank(bank: Bank, stand: _Standing, used: Collection[str], rules: Rules) -> list[str]:
    """Eligible unused item ids, best first (smallest expected readiness variance)."""
    pairs = _pairs(bank, stand, used, rules)
    if not pairs:
        return []
    idx = np.array([i for i, _, _ in pairs])
    goal_idx = [g for _, g, _ in pairs]
    mass = np.stack([stand.pooled.masses[m] for _, _, m in pairs])
    mask = np.zeros_like(mass)
    for row, g in enumerate(goal_idx):
        mask[row, stand.goals[g].target :] = 1.0
    pr = np.einsum("ij,ij->i", mass, bank.p_right[idx])
    expected = np.zeros(len(pairs))
    for like, share in ((bank.like_right, pr), (bank.like_wrong, 1.0 - pr)):
        post = mass * like[idx]
        after = np.einsum("ij,ij->i", post, mask) / post.sum(axis=1)
        expected += share * after * (1.0 - after)
    w = np.array([WEIGHT_FACTOR[stand.goals[g].weight] for g in goal_idx], dtype=float)
    now = np.array([stand.p[g] if stand.p[g] is not None else np.nan for g in goal_idx])
    new = np.isnan(now)
    d_s = w * w * (expected - np.where(new, 0.0, now * (1.0 - np.nan_to_num(now))))
    d_w = np.where(new, w, 0.0)
    assessed = [
        (WEIGHT_FACTOR[g.weight], p)
        for g, p in zip(stand.goals, stand.p, strict=True)
        if p is not None
    ]
    s = sum(wt * wt * p * (1.0 - p) for wt, p in assessed)
    total = float(sum(wt for wt, _ in assessed))
    items, where = np.unique(idx, return_inverse=True)
    s_after = s + np.bincount(where, weights=d_s)
    w_after = total + np.bincount(where, weights=d_w)
    var = s_after / np.maximum(w_after, 1e-9) ** 2
    order = sorted(range(len(items)), key=lambda k: (var[k], bank.items[items[k]].id))
    return [bank.items[items[k]].id for k in order]


def _pairs(
    bank: Bank, stand: _Standing, used: Collection[str], rules: Rules
) -> list[tuple[int, int, str]]:
    """(item index, goal index, member) for every eligible unused item and goal it informs."""
    must_reqs = {m for goal in stand.goals if goal.weight == "must" for m in goal.members}
    asked = len(used)
    on_must = sum(
        1 for i in used if must_reqs.intersection(bank.items[bank.index[i]].requirement_ids)
    )
    pairs: list[tuple[int, int, str]] = []
    for g, ms in enumerate(stand.members):
        if stand.asked[g] >= rules.max_per_goal:
            continue
        for m in ms:
            if m not in stand.pooled.masses:
                continue
            fresh = (i for i in bank.by_requirement.get(m, ()) if bank.items[i].id not in used)
            pairs.extend((i, g, m) for i in fresh)
    if must_reqs and on_must <= rules.must_share * asked:
        must_pairs = [p for p in pairs if stand.goals[p[1]].weight == "must"]
        if must_pairs:
            return must_pairs
    return pairs
