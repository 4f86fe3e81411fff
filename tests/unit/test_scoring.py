"""The scoring core: mastery posterior, readiness distribution and the report, on
hand-computed examples and with properties that must hold for any input."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quiz.scoring import (
    Evidence,
    ItemResult,
    ProfileSpec,
    RequirementInfo,
    Target,
    build_report,
    estimate,
    readiness,
    report_to_dict,
)
from quiz.scoring.beta import beta_cdf, beta_quantile

# Reference values computed independently with scipy.stats.beta (cdf, ppf(0.05), ppf(0.95)).
SCIPY = [
    (1, 1, 0.3, 0.3, 0.05, 0.95),
    (2, 2.25, 0.5, 0.5532737793964642, 0.12337597205141251, 0.8349234634953839),
    (2, 1, 0.6, 0.36, 0.22360679774997896, 0.9746794344808963),
    (5.5, 3.25, 0.7, 0.6473489401537781, 0.35679455463750703, 0.8652188087141292),
    (30, 12, 0.75, 0.682334314180783, 0.5952215570808506, 0.8216165461690119),
    (1, 4.75, 0.1, 0.3937497651655195, 0.010740492841891922, 0.46777049305842877),
    (120, 80, 0.62, 0.7158196279556703, 0.5425779146881715, 0.6562820512027154),
]


@pytest.mark.parametrize(("a", "b", "x", "cdf", "q05", "q95"), SCIPY)
def test_beta_functions_match_scipy(
    a: float, b: float, x: float, cdf: float, q05: float, q95: float
) -> None:
    assert beta_cdf(x, a, b) == pytest.approx(cdf, abs=1e-10)
    assert beta_quantile(0.05, a, b) == pytest.approx(q05, abs=1e-10)
    assert beta_quantile(0.95, a, b) == pytest.approx(q95, abs=1e-10)


def test_mastery_worked_example() -> None:
    # One right at difficulty 2 (alpha += 1), one wrong at difficulty 1 (beta += 1.25):
    # Beta(2, 2.25), mean 2 / 4.25 = 47.1 %, 90% interval 12.3–83.5 (scipy, above).
    m = estimate([Evidence(1.0, 2), Evidence(0.0, 1)])
    assert (m.alpha, m.beta, m.items) == (2.0, 2.25, 2)
    assert (m.mean, m.low, m.high) == (47.1, 12.3, 83.5)
    assert m.prob_at_least(50) == pytest.approx(1 - 0.5532737793964642, abs=1e-9)


def test_partial_credit_and_unanswered() -> None:
    # credit 0.5 at difficulty 3: alpha += 0.625, beta += 0.375; unanswered at 2: beta += 1
    m = estimate([Evidence(0.5, 3), Evidence(None, 2)])
    assert (m.alpha, m.beta) == (1.625, 2.375)
    assert m.mean == round(100 * 1.625 / 4, 1)


def test_few_items_give_wide_intervals() -> None:
    few = estimate([Evidence(1.0, 2)] * 2)
    many = estimate([Evidence(1.0, 2)] * 20)
    assert few.high - few.low > 2 * (many.high - many.low)


def test_readiness_worked_example() -> None:
    # must (3) met with p = 0.5, nice (1) met with p = 1: sums 1 (p .5) or 4 (p .5) of 4.
    r = readiness([("must", 0.5), ("nice", 1.0)], total=5)
    assert (r.mean, r.low, r.high, r.assessed, r.total) == (62.5, 25.0, 100.0, 2, 5)


def test_readiness_interval_contains_the_estimate_when_lumpy() -> None:
    # one must-have met with p = 0.038: both percentiles are 0, the estimate is 3.8
    r = readiness([("must", 0.038)], total=4)
    assert (r.mean, r.low, r.high) == (3.8, 0.0, 3.8)


def test_readiness_without_assessed_requirements() -> None:
    r = readiness([], total=3)
    assert (r.mean, r.low, r.high, r.assessed) == (0.0, 0.0, 100.0, 0)


INFO = {
    r: RequirementInfo(r, title, area, f"why {r}", (("Docs", f"https://example.org/{r}"),))
    for r, title, area in [
        ("q", "Queries", "sql"),
        ("i", "Integrity", "sql"),
        ("rest", "REST", "api"),
        ("cache", "Caching", "caching"),
    ]
}
AREAS = {"sql": "SQL", "api": "APIs", "caching": "Caching"}
JUNIOR = ProfileSpec(
    "junior",
    "Junior",
    {
        "q": Target("must", 60),
        "i": Target("should", 50),
        "rest": Target("must", 60),
        "cache": Target("nice", 40),
    },
)
SENIOR = ProfileSpec("senior", "Senior", {"q": Target("must", 90), "rest": Target("must", 90)})
PROFILES = {"junior": JUNIOR, "senior": SENIOR}


def test_report_statuses_and_order() -> None:
    results = (
        [ItemResult(f"q{n}", "sql", ("q",), 2, 1.0) for n in range(12)]  # Beta(13, 1)
        + [ItemResult(f"i{n}", "sql", ("i",), 2, 0.0) for n in range(12)]  # Beta(1, 13)
        + [ItemResult("r1", "api", ("rest",), 2, 1.0)]  # Beta(2, 1): straddles 60
    )
    report = build_report(results, PROFILES, "junior", INFO, AREAS)
    rows = {r.requirement.id: r for r in report.requirements}
    assert rows["q"].status == "met" and rows["q"].mastery is not None
    assert rows["q"].mastery.mean == round(100 * 13 / 14, 1)
    assert rows["i"].status == "gap"
    assert rows["i"].shortfall == round(50 - 100 / 14, 1)
    assert rows["i"].impact == round(2 * rows["i"].shortfall, 1)
    assert rows["rest"].status == "uncertain"  # 1 item: interval 22.4–97.5 straddles 60
    assert rows["cache"].status == "not_assessed" and rows["cache"].mastery is None
    assert [r.requirement.id for r in report.requirements] == ["i", "rest", "q", "cache"]
    assert [r.requirement.id for r in report.gaps] == ["i"]  # rest's estimate 66.7 ≥ 60
    assert [r.requirement.id for r in report.strengths] == ["q"]
    assert report.overall == round(100 * 13 / 25, 1)
    assert [a.area for a in report.areas] == ["api", "sql"]
    assert [(r.profile_id, r.readiness.total) for r in report.ladder] == [
        ("junior", 4),
        ("senior", 2),
    ]
    assert report.readiness.assessed == 3
    assert report.ladder[1].readiness.mean < report.ladder[0].readiness.mean


def test_report_json_has_schema_and_matches_the_report() -> None:
    results = [ItemResult("q1", "sql", ("q",), 1, 1.0), ItemResult("r1", "api", ("rest",), 3, 0)]
    report = build_report(results, PROFILES, "junior", INFO, AREAS)
    data = report_to_dict(report)
    assert data["schema_version"] == 1
    assert data["profile"] == {"id": "junior", "title": "Junior"}
    assert data["overall"] == {"percent": 50.0, "answered": 2, "total": 2}
    assert [r["id"] for r in data["requirements"]] == [
        r.requirement.id for r in report.requirements
    ]
    q = next(r for r in data["requirements"] if r["id"] == "q")
    assert q["mastery"]["alpha"] == 1.75 and q["mastery"]["beta"] == 1.0
    assert q["resources"] == [{"title": "Docs", "url": "https://example.org/q"}]


credits = st.one_of(st.none(), st.floats(min_value=0.0, max_value=1.0))
difficulties = st.integers(min_value=1, max_value=3)
evidence_lists = st.lists(st.tuples(credits, difficulties), max_size=25)


@given(evidence_lists)
def test_mastery_stays_in_bounds(pairs: list[tuple[float | None, int]]) -> None:
    m = estimate(Evidence(c, d) for c, d in pairs)
    assert 0.0 <= m.low <= m.mean <= m.high <= 100.0


@given(evidence_lists, difficulties)
def test_one_more_right_answer_never_lowers_mastery(
    pairs: list[tuple[float | None, int]], difficulty: int
) -> None:
    before = estimate(Evidence(c, d) for c, d in pairs)
    after = estimate([*(Evidence(c, d) for c, d in pairs), Evidence(1.0, difficulty)])
    assert after.mean >= before.mean


@given(evidence_lists, st.randoms())
def test_order_of_responses_does_not_matter(
    pairs: list[tuple[float | None, int]], rnd: object
) -> None:
    shuffled = list(pairs)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    a = estimate(Evidence(c, d) for c, d in pairs)
    b = estimate(Evidence(c, d) for c, d in shuffled)
    assert (a.mean, a.low, a.high) == (b.mean, b.low, b.high)


report_inputs = st.lists(
    st.tuples(st.sampled_from(["q", "i", "rest"]), difficulties, credits), max_size=15
)


def _results(rows: list[tuple[str, int, float | None]]) -> list[ItemResult]:
    area = {"q": "sql", "i": "sql", "rest": "api"}
    return [ItemResult(f"x{n}", area[r], (r,), d, c) for n, (r, d, c) in enumerate(rows)]


@given(report_inputs, st.integers(min_value=0, max_value=14))
def test_getting_an_item_right_never_lowers_readiness(
    rows: list[tuple[str, int, float | None]], flip: int
) -> None:
    if not rows:
        return
    flip %= len(rows)
    improved = list(rows)
    req, d, _ = improved[flip]
    improved[flip] = (req, d, 1.0)
    before = build_report(_results(rows), PROFILES, "junior", INFO, AREAS)
    after = build_report(_results(improved), PROFILES, "junior", INFO, AREAS)
    assert after.readiness.mean >= before.readiness.mean - 1e-9
    assert 0.0 <= after.readiness.low <= after.readiness.mean <= after.readiness.high <= 100.0
    b = {r.requirement.id: r for r in before.requirements}
    for row in after.requirements:
        if row.mastery and b[row.requirement.id].mastery:
            assert row.mastery.mean >= b[row.requirement.id].mastery.mean  # type: ignore[union-attr]


@given(report_inputs, st.randoms())
def test_report_ignores_response_order(
    rows: list[tuple[str, int, float | None]], rnd: object
) -> None:
    shuffled = list(rows)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    a = report_to_dict(build_report(_results(rows), PROFILES, "junior", INFO, AREAS))
    b = report_to_dict(build_report(_results(shuffled), PROFILES, "junior", INFO, AREAS))
    for data in (a, b):
        for row in data["requirements"]:
            row.pop("item_ids")
    assert a == b
