"""The scoring core: mastery posterior, readiness distribution and the report, on
hand-computed examples and with properties that must hold for any input."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quiz.scoring import (
    Evidence,
    ItemResult,
    Observation,
    ProfileSpec,
    RequirementInfo,
    Target,
    build_report,
    estimate,
    pool,
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


def test_chance_corrected_evidence_worked_example() -> None:
    # docs/scoring.md: one right answer from a flat prior. Typed: Beta(2, 1), mean 2/3.
    # Four options: posterior ∝ 0.25 + 0.75θ, mean 0.6. True/false: ∝ 0.5 + 0.5θ, mean 5/9.
    typed = estimate([Evidence(1.0, 2, 0.0)])
    four = estimate([Evidence(1.0, 2, 0.25)])
    true_false = estimate([Evidence(1.0, 2, 0.5)])
    assert (typed.mean, four.mean, true_false.mean) == (66.7, 60.0, 55.6)
    assert (typed.low, typed.high) == (22.0, 98.0)  # √0.05 = 22.4 and √0.95 = 97.5, outward
    assert typed.prob_at_least(50) == pytest.approx(0.75, abs=1e-9)  # 1 − 0.5²
    # A wrong answer is full evidence whatever the chance: P(wrong) = (1 − g)(1 − θ).
    assert estimate([Evidence(0.0, 2, 0.25)]).mean == estimate([Evidence(0.0, 2, 0.0)]).mean


def test_unanswered_counts_as_wrong_and_difficulty_tempers() -> None:
    assert estimate([Evidence(None, 2)]).mean == estimate([Evidence(0.0, 2)]).mean == 33.3
    # a right answer on a hard item counts 1.25 observations, on an easy one 0.75
    assert estimate([Evidence(1.0, 3)]).mean > estimate([Evidence(1.0, 1)]).mean


def test_few_items_give_wide_intervals() -> None:
    few = estimate([Evidence(1.0, 2)] * 2)
    many = estimate([Evidence(1.0, 2)] * 20)
    assert few.high - few.low > 2 * (many.high - many.low)


def test_pooled_estimate_worked_example() -> None:
    # docs/scoring.md: 4 typed REST items right (area api), 2 four-option integrity items right
    # and 1 four-option query item wrong (area sql). The query requirement starts from what
    # the candidate showed elsewhere, not from 50.
    obs = [Observation(f"o{n}", "api", ("rest",), Evidence(1.0, 2, 0.0)) for n in range(4)]
    obs += [Observation(f"s{n}", "sql", ("i",), Evidence(1.0, 2, 0.25)) for n in range(2)]
    obs += [Observation("q1", "sql", ("q",), Evidence(0.0, 2, 0.25))]
    pooled = pool(obs, {"q": "sql", "i": "sql", "rest": "api"})
    q = pooled.requirements["q"]
    assert (q.prior, q.mean, q.low, q.high, q.items) == (91.2, 58.2, 12.0, 98.0, 1)
    assert (pooled.requirements["rest"].prior, pooled.requirements["rest"].mean) == (49.6, 90.1)
    alone = estimate([Evidence(0.0, 2, 0.25)])
    assert alone.mean == 33.3 < q.mean


def test_many_items_are_dominated_by_their_own_evidence() -> None:
    # 30 right elsewhere; 20 items on q, 10 of them right: the estimate stays much nearer its
    # own half than the prior of 99 (the prior weighs about 4 items against 20).
    obs = [Observation(f"o{n}", "sql", ("i",), Evidence(1.0, 2)) for n in range(30)]
    obs += [Observation(f"q{n}", "sql", ("q",), Evidence(float(n % 2), 2)) for n in range(20)]
    q = pool(obs, {"q": "sql", "i": "sql"}).requirements["q"]
    assert (q.prior, q.mean) == (99.0, 57.9)
    assert q.mean - 50 < (q.prior - q.mean) / 4
    assert estimate(o.evidence for o in obs[30:]).mean == 50.0


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
        [ItemResult(f"q{n}", "sql", ("q",), 2, 1.0) for n in range(12)]
        + [ItemResult(f"i{n}", "sql", ("i",), 2, 0.0) for n in range(12)]
        + [ItemResult("r1", "api", ("rest",), 2, 1.0)]
    )
    report = build_report(results, PROFILES, "junior", INFO, AREAS)
    rows = {r.requirement.id: r for r in report.requirements}
    # 12 of 12 right is met even though the area's other 12 items were all wrong.
    assert rows["q"].status == "met" and rows["q"].mastery is not None
    assert (rows["q"].mastery.mean, rows["q"].mastery.low) == (80.3, 61.0)
    assert rows["i"].status == "gap"
    assert rows["i"].shortfall == 29.4 and rows["i"].impact == 58.8  # should-have: 2 × 29.4
    assert rows["rest"].status == "uncertain"  # 1 item: interval 22–99 straddles 60
    assert rows["cache"].status == "not_assessed" and rows["cache"].mastery is None
    assert [r.requirement.id for r in report.requirements] == ["i", "rest", "q", "cache"]
    assert [r.requirement.id for r in report.gaps] == ["i"]  # rest's estimate 69.2 ≥ 60
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
    assert data["schema_version"] == 2
    assert data["profile"] == {"id": "junior", "title": "Junior"}
    assert data["overall"] == {"percent": 50.0, "answered": 2, "total": 2}
    assert [r["id"] for r in data["requirements"]] == [
        r.requirement.id for r in report.requirements
    ]
    q = next(r for r in data["requirements"] if r["id"] == "q")
    assert q["mastery"] == {"mean": 65.3, "low": 9.0, "high": 100.0, "items": 1, "prior": 36.4}
    assert q["shown_by"] is None
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
