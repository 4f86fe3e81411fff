"""Choose the next question of an adaptive quick check, or stop.

The quantity measured is the role's readiness as the report computes it (``quiz.scoring``):
R = Σ w_g·B_g / Σ w_g over the profile's assessed goals, B_g ~ Bernoulli(p_g), p_g the
posterior probability that goal g reaches its target. Its variance is V = S / W² with
S = Σ w_g²·p_g(1 − p_g) and W = Σ w_g. For each unused item of the profile the selection
predicts both outcomes (P(right) = g + (1 − g)·θ under the item's requirement's current
pooled posterior), updates p_g with the scoring's tempered likelihood, and computes the
expected V after the answer; an item of a goal not yet assessed also adds its weight to W.
It takes the item with the smallest expected V, subject to:

- content balancing: while at most ``must_share`` of the questions so far went to must-have
  goals (the first question included), only must-have goals are eligible; no goal gets more
  than ``max_per_goal`` questions;
- exposure control (randomesque): one of the ``top_k`` best items, drawn with a generator
  seeded by the attempt's seed and the number of answers, so the same seed and answers always
  give the same item;
- stopping: after ``min_length`` questions once the readiness interval (5th–95th percentile,
  as the report shows it) is at most ``stop_width`` points wide ("interval"), at
  ``max_length`` questions ("length"), or when no eligible item is left ("pool").

The defaults (``RULES``) and the simulation behind them are in docs/adaptive.md.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

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
    stop_width: float = 25.0
    top_k: int = 3
    must_share: float = 0.7
    seeded_goals: bool = True
    max_per_goal: int = 1


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
        best = seen[0] if len(seen) == 1 else max(seen, key=lambda m: (state.mean(m), state.low(m)))
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
    order = goal_order(profile, seed) if rules.seeded_goals else None
    ranked = rank(bank, stand, {a.item_id for a in answered}, rules, rules.top_k, order)
    if not ranked:
        return Decision(None, POOL, n, ready)
    rng = random.Random(f"{seed}:{n}")
    return Decision(rng.choice(ranked), None, n, ready)


def goal_order(profile: Profile, seed: int) -> npt.NDArray[np.intp]:
    """Each goal's place in the attempt's seeded visiting order: must-haves, then should-haves,
    then nice-to-haves, shuffled within a weight (as ``quiz.bank.draw`` visits them)."""
    ids = list(range(len(profile.goals)))
    random.Random(f"{seed}:goals").shuffle(ids)
    ids.sort(key=lambda g: _WEIGHT_ORDER[profile.goals[g].weight])
    place = np.empty(len(ids), dtype=np.intp)
    place[ids] = np.arange(len(ids))
    return place


_WEIGHT_ORDER = {"must": 0, "should": 1, "nice": 2}


def rank(
    bank: Bank,
    stand: _Standing,
    used: Collection[str],
    rules: Rules,
    limit: int | None = None,
    order: npt.NDArray[np.intp] | None = None,
) -> list[str]:
    """Eligible unused item ids, best first (smallest expected readiness variance); the first
    ``limit`` of them when given. With ``order`` (``goal_order``) only the items of the first
    goal in that order that still has eligible items."""
    table = _table(bank, stand.goals, stand.members)
    keep = _eligible(bank, stand, table, used, rules)
    if order is not None and keep.any():
        place = order[table.goal]
        keep = keep & (place == place[keep].min())
    if not keep.any():
        return []
    idx, goal_idx, member_idx = table.item[keep], table.goal[keep], table.member[keep]
    masses = np.stack([stand.pooled.masses[m] for m in table.members])
    mass = masses[member_idx]
    mask = _CELL[None, :] >= table.target[goal_idx][:, None]
    pr = np.einsum("ij,ij->i", mass, bank.p_right[idx])
    expected = np.zeros(len(idx))
    for like, share in ((bank.like_right, pr), (bank.like_wrong, 1.0 - pr)):
        post = mass * like[idx]
        after = np.where(mask, post, 0.0).sum(axis=1) / post.sum(axis=1)
        expected += share * after * (1.0 - after)
    p_now = np.array([np.nan if p is None else p for p in stand.p])[goal_idx]
    new = np.isnan(p_now)
    w = table.weight[goal_idx]
    d_s = (
        w * w * (expected - np.where(new, 0.0, np.nan_to_num(p_now) * (1.0 - np.nan_to_num(p_now))))
    )
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
    order = np.lexsort((items, var))  # the pool is sorted by id: ties go to the smaller id
    return [bank.items[items[k]].id for k in order[:limit]]


_CELL = np.arange(100)


@dataclass(frozen=True)
class _Table:
    """Every (item, goal, member) a profile's items inform, as parallel arrays."""

    members: tuple[str, ...]
    item: npt.NDArray[np.intp]
    goal: npt.NDArray[np.intp]
    member: npt.NDArray[np.intp]
    target: npt.NDArray[np.intp]  # per goal
    weight: npt.NDArray[np.float64]  # per goal
    must_item: npt.NDArray[np.bool_]  # per item of the bank: informs a must-have goal


_TABLES: dict[tuple[int, tuple[Goal, ...], tuple[tuple[str, ...], ...]], _Table] = {}


def _table(bank: Bank, goals: tuple[Goal, ...], members: tuple[tuple[str, ...], ...]) -> _Table:
    key = (id(bank), goals, members)
    table = _TABLES.get(key)
    if table is None:
        if len(_TABLES) > 64:
            _TABLES.clear()
        names = tuple(
            dict.fromkeys(
                m
                for ms in members
                for m in ms
                if m in bank.requirement_area or m in bank.by_requirement
            )
        )
        position = {m: n for n, m in enumerate(names)}
        rows = [
            (i, g, position[m])
            for g, ms in enumerate(members)
            for m in ms
            if m in position
            for i in bank.by_requirement.get(m, ())
        ]
        must_reqs = {m for goal in goals if goal.weight == "must" for m in goal.members}
        must_item = np.zeros(len(bank.items), dtype=bool)
        for n, item in enumerate(bank.items):
            must_item[n] = bool(must_reqs.intersection(item.requirement_ids))
        cols = list(zip(*rows, strict=True)) if rows else [(), (), ()]
        table = _TABLES[key] = _Table(
            names,
            np.array(cols[0], dtype=np.intp),
            np.array(cols[1], dtype=np.intp),
            np.array(cols[2], dtype=np.intp),
            np.array([g.target for g in goals], dtype=np.intp),
            np.array([WEIGHT_FACTOR[g.weight] for g in goals], dtype=float),
            must_item,
        )
    return table


def _eligible(
    bank: Bank, stand: _Standing, table: _Table, used: Collection[str], rules: Rules
) -> npt.NDArray[np.bool_]:
    """Which rows of the table may be chosen now (unused items; balancing; per-goal cap)."""
    used_mask = np.zeros(len(bank.items), dtype=bool)
    used_mask[[bank.index[i] for i in used]] = True
    full = np.array([a >= rules.max_per_goal for a in stand.asked], dtype=bool)
    keep: npt.NDArray[np.bool_] = ~used_mask[table.item] & ~full[table.goal]
    on_must = int(table.must_item[used_mask].sum())
    if table.must_item.any() and on_must <= rules.must_share * len(used):
        must_rows: npt.NDArray[np.bool_] = keep & (
            table.weight[table.goal] == WEIGHT_FACTOR["must"]
        )
        if must_rows.any():
            return must_rows
    return keep
