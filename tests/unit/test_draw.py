"""Drawing items: reproducible, no repeats, must-have requirements covered first."""

from __future__ import annotations

from collections import Counter

from quiz.bank import load_content
from quiz.bank.draw import draw_items
from tests.support import FIXTURE_QUESTIONS, SHIPPED_QUESTIONS

CONTENT = load_content(FIXTURE_QUESTIONS)


def test_same_seed_same_items_and_order() -> None:
    assert draw_items(CONTENT, "junior-backend", 42, 5) == draw_items(
        CONTENT, "junior-backend", 42, 5
    )


def test_different_seeds_differ() -> None:
    draws = {tuple(draw_items(CONTENT, "junior-backend", s, 8)) for s in range(10)}
    assert len(draws) > 1


def test_no_repeats_and_at_most_what_exists() -> None:
    drawn = draw_items(CONTENT, "junior-backend", 3, 50)
    assert len(drawn) == len(set(drawn)) == len(CONTENT.items)


def test_short_quiz_covers_each_must_requirement() -> None:
    must = {"sql-querying", "api-rest-design"}
    for seed in range(20):
        drawn = draw_items(CONTENT, "junior-backend", seed, 2)
        covered = {r for i in drawn for r in CONTENT.items[i].requirements}
        assert must <= covered


def test_shipped_profiles_can_fill_a_quiz() -> None:
    shipped = load_content(SHIPPED_QUESTIONS)
    for profile_id in shipped.profiles:
        drawn = draw_items(shipped, profile_id, 1, 12)
        assert len(drawn) == 12, profile_id
        areas = {shipped.item_area[i] for i in drawn}
        assert len(areas) >= 2, profile_id


def test_a_long_enough_quiz_draws_from_every_area() -> None:
    shipped = load_content(SHIPPED_QUESTIONS)
    drawn = draw_items(shipped, "junior-backend", 5, len(shipped.items))
    assert {shipped.item_area[i] for i in drawn} == set(shipped.item_area.values())


def test_targeted_requirements_alone_draw_only_their_items() -> None:
    for seed in range(10):
        drawn = draw_items(CONTENT, "junior-backend", seed, 8, requirements=["sql-integrity"])
        assert sorted(drawn) == ["sql-002", "sql-003"]
    drawn = draw_items(
        CONTENT, "junior-backend", 1, 3, requirements=["sql-querying", "soft-communication"]
    )
    assert sorted(drawn) == ["soft-001", "sql-001", "sql-004"]


def test_targeted_requirements_add_to_the_chosen_areas() -> None:
    drawn = draw_items(
        CONTENT, "junior-backend", 4, 8, areas=["api"], requirements=["sql-querying"]
    )
    assert sorted(drawn) == ["api-001", "api-002", "api-003", "sql-001", "sql-004"]


def test_targeted_requirements_spread_over_the_shipped_bank() -> None:
    shipped = load_content(SHIPPED_QUESTIONS)
    targets = ["sql-querying", "net-http", "api-testing"]
    drawn = draw_items(shipped, "junior-backend", 2, 3 * len(targets), requirements=targets)
    assert len(drawn) == 3 * len(targets)
    per_target = Counter(r for i in drawn for r in shipped.items[i].requirements if r in targets)
    assert all(per_target[t] >= 3 for t in targets), per_target
