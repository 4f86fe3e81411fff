"""Adaptive selection: the pooled posteriors match the scoring core, the chosen item is the one
a direct computation with ``quiz.scoring`` ranks best, the content balancing, exposure control
and stopping rules hold, and the same seed and answers always give the same sequence."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quiz.adaptive import (
    INTERVAL,
    LENGTH,
    POOL,
    RULES,
    Answered,
    Goal,
    PoolItem,
    Profile,
    Rules,
    bank_of,
    compile_bank,
    next_item,
    profile_of,
)
from quiz.adaptive.bank import THETA
from quiz.adaptive.posterior import pooled
from quiz.adaptive.select import goal_order, rank, readiness_of, standing
from quiz.bank import load_content
from quiz.scoring import Evidence, Observation, pool, readiness
from tests.support import SHIPPED_QUESTIONS

SHIPPED = load_content(SHIPPED_QUESTIONS)
BANK = bank_of(SHIPPED)
JUNIOR = profile_of(SHIPPED, "junior-backend")

# A small bank: two areas, three requirements (one a must-have), items of all three levels.
AREA = {"sql-q": "sql", "sql-idx": "sql", "api-rest": "api"}
SMALL_ITEMS = [
    PoolItem(f"{req}-{n}", AREA[req], (req,), 1 + n % 3, (0.0, 0.25, 0.5)[n % 3])
    for req in AREA
    for n in range(6)
]
SMALL = compile_bank(SMALL_ITEMS, AREA)
SMALL_PROFILE = Profile(
    "p",
    (
        Goal("sql-q", "must", 60, ("sql-q",)),
        Goal("sql-idx", "should", 50, ("sql-idx",)),
        Goal("api-rest", "nice", 70, ("api-rest",)),
    ),
)


def _reqs(item_id: str) -> set[str]:
    """The requirements of a shipped item."""
    return set(BANK.items[BANK.index[item_id]].requirement_ids)


def _small_obs(items: list[tuple[str, float | None]]) -> list[Observation]:
    """Observations of answered items of the small bank."""
    out = []
    for item_id, credit in items:
        item = SMALL.items[SMALL.index[item_id]]
        evidence = Evidence(credit, item.difficulty, item.chance)
        out.append(Observation(item_id, item.area, item.requirement_ids, evidence))
    return out


def _observations(answered: list[Answered]) -> list[Observation]:
    out = []
    for a in answered:
        item = BANK.items[BANK.index[a.item_id]]
        evidence = Evidence(a.credit, item.difficulty, item.chance)
        out.append(Observation(item.id, item.area, item.requirement_ids, evidence))
    return out


def _play(seed: int, strength: float, rules: Rules = RULES) -> list[Answered]:
    """Answer the selection's items until it stops: right with probability ``strength``."""
    rng = random.Random(seed)
    answered: list[Answered] = []
    while (decision := next_item(BANK, JUNIOR, answered, seed, rules)).item_id is not None:
        answered.append(Answered(decision.item_id, 1.0 if rng.random() < strength else 0.0))
    return answered


def test_pooled_posteriors_match_the_scoring_core() -> None:
    answered = _play(7, 0.6)
    reference = pool(
        _observations(answered),
        BANK.requirement_area,
        {k: set(v) for k, v in BANK.alternatives.items()},
    ).requirements
    ours = pooled(BANK, answered, reference)
    for req, mastery in reference.items():
        assert ours.mean(req) == pytest.approx(mastery.mean, abs=0.05)
        for level in (30, 50, 60, 80):
            assert ours.prob_at_least(req, level) == pytest.approx(
                mastery.prob_at_least(level), abs=1e-9
            )


def test_readiness_is_the_reports_over_assessed_goals() -> None:
    answered = [Answered("sql-q-0", 1.0), Answered("api-rest-1", 0.0)]
    stand = standing(SMALL, SMALL_PROFILE, answered)
    masteries = pool(_small_obs([(a.item_id, a.credit) for a in answered]), AREA).requirements
    expected = readiness(
        [
            ("must", masteries["sql-q"].prob_at_least(60)),
            ("nice", masteries["api-rest"].prob_at_least(70)),
        ],
        3,
    )
    assert stand.p[1] is None  # sql-idx not assessed
    assert readiness_of(stand) == expected


def _expected_variance(answered: list[Answered], item: PoolItem) -> float:
    """The objective computed directly with the scoring core: both outcomes of ``item``,
    each goal's p from ``quiz.scoring.pool`` of the answers so far and, for the item's own
    requirement, of the answers plus this one."""

    base = [(a.item_id, a.credit) for a in answered]
    now = pool(_small_obs(base), AREA).requirements
    req = item.requirement_ids[0]
    goals = {g.id: g for g in SMALL_PROFILE.goals}
    # P(right) = E[g + (1 − g)θ] under the requirement's pooled posterior before the answer
    # (a Mastery only keeps rounded summaries, so the grid masses are taken from ``pooled``,
    # checked against the scoring core above).
    mass = pooled(SMALL, answered, [req]).masses[req]
    p_right = float(mass @ (item.chance + (1 - item.chance) * THETA))
    total = 0.0
    for credit, share in ((1.0, p_right), (0.0, 1.0 - p_right)):
        after = pool(_small_obs([*base, (item.id, credit)]), AREA).requirements
        chances = [
            (g.weight, (after if g.id == req else now)[g.id].prob_at_least(g.target))
            for g in goals.values()
            if g.id in now or g.id == req
        ]
        weights = {"must": 3, "should": 2, "nice": 1}
        w = sum(weights[k] for k, _ in chances)
        s = sum(weights[k] ** 2 * p * (1 - p) for k, p in chances)
        total += share * s / (w * w)
    return total


@pytest.mark.parametrize(
    "answered",
    [
        [Answered("sql-q-0", 1.0)],
        [Answered("sql-q-0", 0.0), Answered("sql-idx-1", 1.0)],
        [Answered("sql-q-2", 1.0), Answered("api-rest-0", 0.0), Answered("sql-idx-4", 0.5)],
    ],
)
def test_the_best_ranked_item_minimises_the_expected_readiness_variance(
    answered: list[Answered],
) -> None:
    rules = Rules(must_share=0.0, max_per_goal=10)
    stand = standing(SMALL, SMALL_PROFILE, answered)
    ranked = rank(SMALL, stand, {a.item_id for a in answered}, rules)
    used = {a.item_id for a in answered}
    direct = {i.id: _expected_variance(answered, i) for i in SMALL_ITEMS if i.id not in used}
    assert sorted(ranked) == sorted(direct)
    assert direct[ranked[0]] == pytest.approx(min(direct.values()), abs=1e-9)
    values = [direct[i] for i in ranked]
    assert values == pytest.approx(sorted(values), abs=1e-9)


def test_same_seed_and_answers_give_the_same_sequence() -> None:
    first, second = _play(11, 0.5), _play(11, 0.5)
    assert first == second
    # Replaying the stored answers one by one reproduces every choice.
    for n in range(len(first)):
        assert next_item(BANK, JUNIOR, first[:n], 11).item_id == first[n].item_id


def test_strong_and_weak_answers_lead_to_different_questions() -> None:
    strong, weak = _play(5, 1.0), _play(5, 0.0)
    assert strong[0].item_id == weak[0].item_id  # same seed, same first question
    assert [a.item_id for a in strong] != [a.item_id for a in weak]


def test_stops_at_the_maximum_length_with_its_reason() -> None:
    answered = _play(3, 0.5, Rules(stop_width=0.0))
    assert len(answered) == 20
    assert next_item(BANK, JUNIOR, answered, 3, Rules(stop_width=0.0)).stop == LENGTH


def test_stops_once_the_interval_is_narrow_enough_but_not_before_the_minimum() -> None:
    rules = Rules(stop_width=100.0, min_length=4)
    answered = _play(3, 1.0, rules)
    assert len(answered) == 4
    decision = next_item(BANK, JUNIOR, answered, 3, rules)
    assert (decision.stop, decision.asked) == (INTERVAL, 4)
    assert decision.readiness.high - decision.readiness.low <= 100.0


def test_stops_when_the_pool_is_used_up() -> None:
    rules = Rules(max_length=100, stop_width=0.0, max_per_goal=100)
    answered: list[Answered] = []
    while (d := next_item(SMALL, SMALL_PROFILE, answered, 1, rules)).item_id is not None:
        answered.append(Answered(d.item_id, 1.0))
    assert d.stop == POOL
    assert sorted(a.item_id for a in answered) == sorted(i.id for i in SMALL_ITEMS)


def test_content_balancing_starts_with_and_keeps_must_haves() -> None:
    must = {m for g in JUNIOR.goals if g.weight == "must" for m in g.members}
    for seed in range(4):
        answered = _play(seed, 0.5, Rules(stop_width=0.0))
        on_must = [bool(must & _reqs(a.item_id)) for a in answered]
        assert on_must[0]
        for n in range(1, len(on_must) + 1):
            assert sum(on_must[:n]) >= 0.5 * (n - 1)


def test_no_goal_gets_more_than_its_share() -> None:
    rules = Rules(stop_width=0.0, max_per_goal=2)
    answered = _play(9, 0.5, rules)
    for goal in JUNIOR.goals:
        count = sum(1 for a in answered if set(goal.members) & _reqs(a.item_id))
        assert count <= 2 + 1  # an item tagged with two goals can push one over by one


def test_randomesque_picks_among_the_top_items_of_the_next_goal() -> None:
    positions = set()
    for seed in range(30):
        order = goal_order(JUNIOR, seed)
        first_goal = JUNIOR.goals[int(order.argmin())]
        assert first_goal.weight == "must"
        ranked = rank(BANK, standing(BANK, JUNIOR, []), set(), RULES, None, order)
        assert all(set(first_goal.members) & _reqs(i) for i in ranked)
        first = next_item(BANK, JUNIOR, [], seed).item_id
        assert first in ranked[:3]
        positions.add(ranked.index(first or ""))
    assert len(positions) > 1  # not always the best one


def test_goals_are_visited_in_the_seeded_order_must_haves_first() -> None:
    answered = _play(4, 0.5, Rules(stop_width=-1.0))
    order = goal_order(JUNIOR, 4)
    visited = [
        min(
            (g for g, goal in enumerate(JUNIOR.goals) if set(goal.members) & _reqs(a.item_id)),
            key=lambda g: order[g],
        )
        for a in answered
    ]
    assert [order[g] for g in visited] == sorted(order[g] for g in visited)
    weights = [JUNIOR.goals[g].weight for g in visited]
    assert weights == ["must"] * 20  # the junior profile has 20 must-haves
    assert len(set(visited)) == 20


def test_the_stack_narrows_a_group_to_the_chosen_language() -> None:
    answered = _play(2, 0.5, Rules(stop_width=0.0))
    languages = {m for g in JUNIOR.goals if g.id == "server-language" for m in g.members}
    stack = ("lang-go",)
    chosen: list[Answered] = []
    while (d := next_item(BANK, JUNIOR, chosen, 2, Rules(stop_width=0.0), stack)).item_id:
        chosen.append(Answered(d.item_id, 0.5))
    asked_langs = {
        r
        for a in chosen
        for r in BANK.items[BANK.index[a.item_id]].requirement_ids
        if r in languages
    }
    assert asked_langs <= {"lang-go"}
    assert answered  # the unrestricted run asked questions too


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**31 - 1), st.lists(st.sampled_from([0.0, 0.5, 1.0, None]), max_size=20))
def test_any_answers_give_an_unused_profile_item_or_a_stop(
    seed: int, credits: list[float | None]
) -> None:
    answered: list[Answered] = []
    profile_reqs = {m for g in JUNIOR.goals for m in g.members}
    for credit in credits:
        decision = next_item(BANK, JUNIOR, answered, seed)
        assert (
            0.0
            <= decision.readiness.low
            <= decision.readiness.mean
            <= decision.readiness.high
            <= 100.0
        )
        if decision.item_id is None:
            assert decision.stop in (INTERVAL, LENGTH, POOL)
            return
        assert decision.item_id not in {a.item_id for a in answered}
        assert profile_reqs & _reqs(decision.item_id)
        answered.append(Answered(decision.item_id, credit))
