"""The scoring core on a hand-computed example."""

from __future__ import annotations

import pytest

from quiz.scoring import ItemResult, RequirementInfo, Target, build_report

INFO = {
    r: RequirementInfo(r, title, area, f"why {r}")
    for r, title, area in [
        ("q", "Queries", "sql"),
        ("i", "Integrity", "sql"),
        ("rest", "REST", "api"),
        ("talk", "Communication", "soft"),
        ("cache", "Caching", "caching"),
    ]
}
AREAS = {"sql": "SQL", "api": "APIs", "soft": "Soft skills", "caching": "Caching"}
TARGETS = {
    "q": Target("must", 60),
    "i": Target("should", 50),
    "rest": Target("must", 60),
    "talk": Target("nice", 50),
    "cache": Target("must", 60),  # no item in the attempt: not assessed
}
RESULTS = [
    ItemResult("s1", "sql", ("q",), 1.0),
    ItemResult("s2", "sql", ("q", "i"), 0.0),
    ItemResult("s3", "sql", ("i",), 0.5),
    ItemResult("a1", "api", ("rest",), 1.0),
    ItemResult("a2", "api", ("rest",), None),  # not answered: counts 0
    ItemResult("t1", "soft", ("talk",), 0.3),
]


def test_hand_computed_report() -> None:
    report = build_report(RESULTS, TARGETS, INFO, AREAS)
    # overall: (1 + 0 + 0.5 + 1 + 0 + 0.3) / 6 = 2.8 / 6 = 46.7 %
    assert report.overall == 46.7
    assert (report.answered, report.total) == (5, 6)
    areas = {a.area: (a.score, a.items) for a in report.areas}
    assert areas == {"sql": (50.0, 3), "api": (50.0, 2), "soft": (30.0, 1)}
    rows = {r.requirement.id: r for r in report.requirements}
    # q: (1 + 0)/2 = 50 < 60 → gap 10, impact 3 × 10 = 30
    assert (rows["q"].score, rows["q"].status, rows["q"].impact) == (50.0, "gap", 30.0)
    # i: (0 + 0.5)/2 = 25 < 50 → gap 25, impact 2 × 25 = 50
    assert (rows["i"].score, rows["i"].status, rows["i"].impact) == (25.0, "gap", 50.0)
    # rest: (1 + 0)/2 = 50 < 60 → gap 10, impact 30
    assert (rows["rest"].score, rows["rest"].status) == (50.0, "gap")
    # talk: 30 < 50 → gap 20, impact 1 × 20 = 20
    assert (rows["talk"].score, rows["talk"].impact) == (30.0, 20.0)
    assert (rows["cache"].score, rows["cache"].status) == (None, "not_assessed")
    # gaps by impact (ties by score, then title), then met, then not assessed
    assert [r.requirement.id for r in report.requirements] == ["i", "q", "rest", "talk", "cache"]
    assert [r.requirement.id for r in report.gaps] == ["i", "q", "rest", "talk"]


def test_met_at_exactly_the_target() -> None:
    report = build_report(
        [ItemResult("x", "sql", ("q",), 0.6)], {"q": Target("must", 60)}, INFO, AREAS
    )
    [row] = report.requirements
    assert (row.score, row.status, row.shortfall) == (60.0, "met", 0.0)
    assert report.met == (row,)


def test_requirements_outside_the_profile_are_not_listed() -> None:
    report = build_report(RESULTS, {"q": Target("must", 60)}, INFO, AREAS)
    assert [r.requirement.id for r in report.requirements] == ["q"]


def test_empty_attempt_scores_zero() -> None:
    report = build_report([], TARGETS, INFO, AREAS)
    assert report.overall == 0.0
    assert report.areas == ()
    assert all(r.status == "not_assessed" for r in report.requirements)


@pytest.mark.parametrize("credit", [0.0, 0.25, 1.0])
def test_scores_stay_in_bounds(credit: float) -> None:
    report = build_report([ItemResult("x", "sql", ("q",), credit)], TARGETS, INFO, AREAS)
    assert 0.0 <= report.overall <= 100.0
    assert all(0.0 <= (r.score or 0.0) <= 100.0 for r in report.requirements)
