"""The shipped content meets its coverage targets: enough items, in every area, type,
requirement and difficulty, so every profile can be measured."""

from __future__ import annotations

from collections import Counter, defaultdict

from quiz.bank import REGISTRY, load_content
from tests.support import SHIPPED_QUESTIONS

CONTENT = load_content(SHIPPED_QUESTIONS)
SCORED = [r for r in CONTENT.requirements.values() if not r.self_declared]


def test_at_least_480_items_and_20_per_knowledge_area() -> None:
    assert len(CONTENT.items) >= 480
    by_area = Counter(CONTENT.item_area.values())
    knowledge_areas = {r.area for r in SCORED} - {"soft"}
    assert {a: by_area[a] for a in knowledge_areas if by_area[a] < 20} == {}


def test_soft_skills_are_situational_judgment_and_at_least_40() -> None:
    soft = [i for i in CONTENT.items.values() if CONTENT.item_area[i.id] == "soft"]
    assert len(soft) >= 40
    assert {i.type for i in soft} == {"situational_judgment"}


def test_every_type_has_at_least_20_items() -> None:
    by_type = Counter(i.type for i in CONTENT.items.values())
    assert set(by_type) == set(REGISTRY)
    assert min(by_type.values()) >= 20, by_type


def test_every_scored_requirement_has_6_items_on_2_difficulties() -> None:
    levels: dict[str, set[int]] = defaultdict(set)
    counts: Counter[str] = Counter()
    for item in CONTENT.items.values():
        for req in item.requirements:
            counts[req] += 1
            levels[req].add(item.difficulty)
    short = {r.id: counts[r.id] for r in SCORED if counts[r.id] < 6}
    flat = {r.id: sorted(levels[r.id]) for r in SCORED if len(levels[r.id]) < 2}
    assert short == {} and flat == {}


def test_self_declared_requirements_have_no_items_and_no_profile_weight() -> None:
    declared = {r.id for r in CONTENT.requirements.values() if r.self_declared}
    assert declared == {"career-education", "career-level"}
    for profile in CONTENT.profiles.values():
        assert declared.isdisjoint(profile.requirements), profile.id


def test_required_profiles_exist_and_weight_their_requirements() -> None:
    assert {
        "junior-backend",
        "mid-backend",
        "senior-backend",
        "devops-backend",
        "data-backend",
        "xyz-backend",
    } <= set(CONTENT.profiles)
    for profile in CONTENT.profiles.values():
        weights = Counter(t.weight for t in profile.requirements.values())
        assert weights["must"] >= 5, profile.id


def test_every_requirement_cites_a_seed_and_lists_resources() -> None:
    for req in CONTENT.requirements.values():
        assert req.citations, req.id
        if not req.self_declared:
            assert 2 <= len(req.resources) <= 4, req.id


def test_every_shipped_profile_has_a_short_title_for_charts() -> None:
    for profile in CONTENT.profiles.values():
        assert profile.short_title and profile.short_title != profile.title, profile.id
