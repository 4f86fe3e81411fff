"""The pure parts of the pipeline: reading a report against a position, ranking candidates
only where their intervals allow it (worked example: docs/recruiting.md), the CSV guard."""

from __future__ import annotations

import pytest

from quiz.recruiting.compare import compare, overlaps, pair_statement
from quiz.recruiting.fit import (
    Level,
    Wanted,
    levels_of,
    position_readiness,
    prob_at_least,
    top_gaps,
    wanted_of,
)

ANA = Level(70, 60, 80)
BEN = Level(75, 65, 85)
CAL = Level(40, 30, 50)


def test_overlap_is_symmetric_and_touching_ends_overlap() -> None:
    assert overlaps(ANA, BEN) and overlaps(BEN, ANA)
    assert not overlaps(ANA, CAL) and not overlaps(CAL, ANA)
    assert overlaps(Level(55, 50, 60), Level(65, 60, 70))  # they share the point 60
    assert not overlaps(Level(55, 50, 59.9), Level(65, 60, 70))


def test_worked_example_statements() -> None:
    # docs/recruiting.md, "Comparing candidates".
    assert pair_statement("Ana", ANA, "Ben", BEN) == (
        "The data cannot rank Ana and Ben on this requirement."
    )
    assert pair_statement("Ana", ANA, "Cal", CAL) == (
        "Ana is ahead of Cal on this requirement (the intervals do not overlap)."
    )
    # The order follows the intervals, not the order the names were given in.
    assert pair_statement("Cal", CAL, "Ben", BEN).startswith("Ben is ahead of Cal")
    assert pair_statement("Ana", ANA, "Dee", None) == (
        "Dee was not assessed on this requirement, so no ranking."
    )
    assert pair_statement("Ana", None, "Dee", None).startswith("Ana and Dee were not assessed")


def test_compare_gives_every_pair_per_requirement() -> None:
    wanted = [Wanted("sql", "must", 60), Wanted("http", "should", 50)]
    rows = compare(
        ["Ana", "Ben", "Cal"],
        [{"sql": ANA, "http": None}, {"sql": BEN, "http": BEN}, {"sql": CAL, "http": ANA}],
        wanted,
    )
    assert [r.requirement.id for r in rows] == ["sql", "http"]
    assert rows[0].levels == (ANA, BEN, CAL)
    assert rows[0].statements == (
        "The data cannot rank Ana and Ben on this requirement.",
        "Ana is ahead of Cal on this requirement (the intervals do not overlap).",
        "Ben is ahead of Cal on this requirement (the intervals do not overlap).",
    )
    assert rows[1].statements[0] == "Ana was not assessed on this requirement, so no ranking."
    assert rows[1].statements[2] == "The data cannot rank Ben and Cal on this requirement."


@pytest.mark.parametrize("count", [0, 1, 5])
def test_compare_takes_two_to_four(count: int) -> None:
    with pytest.raises(ValueError):
        compare([f"c{i}" for i in range(count)], [{} for _ in range(count)], [])


def test_probability_of_reaching_a_target_follows_the_interval() -> None:
    level = Level(60, 45, 75)
    # About half the mass is above the mean, about 5% above the interval's top, ~95% above
    # its bottom: the Beta keeps the stored 90% interval's meaning.
    assert prob_at_least(level, 60) == pytest.approx(0.5, abs=0.03)
    assert prob_at_least(level, 75) == pytest.approx(0.05, abs=0.02)
    assert prob_at_least(level, 45) == pytest.approx(0.95, abs=0.02)
    assert prob_at_least(level, 0) == 1.0 and prob_at_least(level, 100) == 0.0
    # A degenerate interval (wider than any Beta allows) still gives a probability.
    assert 0.0 <= prob_at_least(Level(50, 0, 100), 50) <= 1.0


def test_levels_are_found_by_row_or_by_the_best_member_of_a_group() -> None:
    data = {
        "requirements": [
            {"id": "sql", "mastery": {"mean": 70, "low": 60, "high": 80, "items": 3}},
            {
                "id": "any-lang",
                "mastery": {"mean": 50, "low": 40, "high": 60, "items": 2},
                "shown_by": {"id": "python", "title": "Python"},
            },
            {"id": "http", "mastery": None},
        ]
    }
    levels = levels_of(data, ["sql", "python", "http", "cache"])
    assert levels == {
        "sql": Level(70, 60, 80, items=3),
        "python": Level(50, 40, 60, items=2),
        "http": None,
        "cache": None,
    }


def test_position_readiness_and_gaps_use_the_positions_weights_and_targets() -> None:
    wanted = wanted_of(
        [
            {"id": "a", "weight": "must", "target": 60, "evidence": ""},
            {"id": "b", "weight": "nice", "target": 50, "evidence": ""},
            {"id": "c", "weight": "should", "target": 80, "evidence": ""},
            {"id": "d", "weight": "should", "target": 90, "evidence": ""},
        ]
    )
    levels = {"a": ANA, "b": CAL, "c": None, "d": BEN}
    ready = position_readiness(levels, wanted)
    assert (ready.assessed, ready.total) == (3, 4)
    assert ready.low <= ready.mean <= ready.high
    # Raising the targets can only lower readiness.
    harder = [Wanted(w.id, w.weight, min(100, w.target + 20)) for w in wanted]
    assert position_readiness(levels, harder).mean < ready.mean
    # d: should (2) × (90 − 75) = 30; b: nice (1) × (50 − 40) = 10; a's interval is above 60.
    assert top_gaps(levels, wanted) == ["d", "b"]
    assert top_gaps(levels, wanted, count=1) == ["d"]


def test_a_requirement_with_too_few_questions_of_its_own_ranks_nobody() -> None:
    thin = Level(90, 85, 95, items=1)
    solid = Level(40, 30, 50, items=4)
    statement = pair_statement("Ana", thin, "Cal", solid)
    assert statement.startswith("Too little evidence to rank Ana and Cal here: Ana answered")
    assert "is ahead of" not in statement
    (row,) = compare(["Ana", "Cal"], [{"r": thin}, {"r": solid}], [Wanted("r", "must", 60)])
    assert row.ranked == ()
    (row,) = compare(
        ["Ana", "Cal"], [{"r": Level(90, 85, 95, items=2)}, {"r": solid}], [Wanted("r", "must", 60)]
    )
    assert row.ranked == (
        "Ana is ahead of Cal on this requirement (the intervals do not overlap).",
    )
