"""Item analysis: the hand-computed example of docs/statistics.md, degenerate inputs, and
properties checked against Python's ``statistics`` module on random matrices."""

from __future__ import annotations

import math
import random
import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quiz.analysis import FormStatistics, ItemStatistics, analyse, analyse_groups

# The worked example of docs/statistics.md: five attempts, three items, partial credit.
MATRIX = {
    "a1": {"q1": 1.0, "q2": 1.0, "q3": 0.5},
    "a2": {"q1": 1.0, "q2": 0.5, "q3": 1.0},
    "a3": {"q1": 0.0, "q2": 1.0, "q3": 0.0},
    "a4": {"q1": 1.0, "q2": 0.0, "q3": 0.5},
    "a5": {"q1": 0.0, "q2": 0.5, "q3": 0.0},
}


def rows_of(matrix: dict[str, dict[str, float]]) -> list[tuple[str, str, float]]:
    return [(a, i, c) for a, answers in matrix.items() for i, c in answers.items()]


def by_item(stats: FormStatistics) -> dict[str, ItemStatistics]:
    return {s.item: s for s in stats.items}


def test_worked_example_matches_the_hand_computation() -> None:
    stats = analyse(rows_of(MATRIX))
    assert stats.attempts == 5
    assert stats.alpha == pytest.approx(0.28125, abs=1e-12)  # 1.5 · (1 − 0.65/0.8)
    assert stats.sem == pytest.approx(math.sqrt(0.8) * math.sqrt(1 - 0.28125), abs=1e-12)
    assert stats.sem == pytest.approx(0.7583, abs=5e-5)
    items = by_item(stats)
    assert [s.item for s in stats.items] == ["q1", "q2", "q3"]
    q1, q2, q3 = items["q1"], items["q2"], items["q3"]
    assert (q1.n, q1.facility) == (5, pytest.approx(0.6))
    assert q1.sd == pytest.approx(math.sqrt(0.3))
    assert q1.discrimination_index == pytest.approx(100 * 0.125 / math.sqrt(0.3 * 0.25))
    assert q1.discrimination_index == pytest.approx(45.64, abs=5e-3)
    assert q1.discriminative_efficiency == pytest.approx(50.0)
    assert q1.flag is None
    assert q2.facility == pytest.approx(0.6)
    assert q2.sd == pytest.approx(math.sqrt(0.175))
    assert q2.discrimination_index == pytest.approx(-12.5 / math.sqrt(0.175 * 0.875))
    assert q2.discrimination_index == pytest.approx(-31.94, abs=5e-3)
    assert q2.discriminative_efficiency == pytest.approx(-40.0)
    assert q2.flag == "negative-discrimination"
    assert q3.facility == pytest.approx(0.4)
    assert q3.sd == pytest.approx(math.sqrt(0.175))
    assert q3.discrimination_index == pytest.approx(62.90, abs=5e-3)
    assert q3.discriminative_efficiency == pytest.approx(100 * 0.15 / 0.2125)
    assert q3.discriminative_efficiency == pytest.approx(70.59, abs=5e-3)
    assert q3.flag is None


def test_an_attempt_missing_an_item_does_not_count_for_it() -> None:
    matrix = dict(MATRIX, a6={"q1": 1.0, "q2": 1.0})
    base, stats = by_item(analyse(rows_of(MATRIX))), analyse(rows_of(matrix))
    items = by_item(stats)
    assert stats.attempts == 6
    assert items["q1"].n == items["q2"].n == 6 and items["q3"].n == 5
    assert items["q1"].facility == pytest.approx(4 / 6)
    assert items["q3"] == base["q3"]  # q3 was not presented to a6
    # alpha and SEM use the five attempts that hold every item
    assert stats.alpha == pytest.approx(0.28125) and stats.sem == pytest.approx(0.7583, abs=5e-5)


def test_degenerate_inputs_give_none_not_errors() -> None:
    one = analyse([("a", "q1", 1.0), ("a", "q2", 0.0)])
    assert one.attempts == 1 and one.alpha is None and one.sem is None
    assert all(s.sd is None and s.discrimination_index is None for s in one.items)
    assert all(s.discriminative_efficiency is None for s in one.items)
    same = analyse(
        [(a, "q", 0.5) for a in "abcd"]
        + [(a, "r", c) for a, c in zip("abcd", [0, 1, 0, 1], strict=True)]
    )
    q = by_item(same)["q"]
    assert q.sd == 0.0 and q.discrimination_index is None and q.discriminative_efficiency is None
    assert q.flag == "no-variance"
    single_item = analyse([(a, "q", c) for a, c in zip("abc", [0.0, 0.5, 1.0], strict=True)])
    assert single_item.alpha is None  # alpha needs two items
    assert single_item.items[0].discrimination_index is None  # the rest of the test is empty
    disjoint = analyse([("a", "q", 1.0), ("b", "r", 0.0), ("c", "q", 0.0), ("d", "r", 1.0)])
    assert disjoint.alpha is None and disjoint.sem is None  # no attempt holds every item


def test_flags_for_easy_hard_and_weak_items() -> None:
    # 10 attempts; "key" tracks ability, "easy"/"hard" nearly constant, "weak" barely related.
    ability = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]
    rows = []
    for n, a in enumerate(ability):
        rows += [(f"s{n}", "key", float(a)), (f"s{n}", "key2", float(a))]
        rows += [
            (f"s{n}", "easy", 0.0 if n == 0 else 1.0),
            (f"s{n}", "hard", 1.0 if n == 9 else 0.0),
        ]
        rows.append((f"s{n}", "weak", float(n in (0, 1, 5, 6, 7))))
    items = by_item(analyse(rows))
    key = items["key"]
    assert key.flag is None and key.discrimination_index is not None
    assert key.discrimination_index > 50 and key.discriminative_efficiency == pytest.approx(100.0)
    assert items["easy"].facility == pytest.approx(0.9) and items["easy"].flag == "very-easy"
    assert items["hard"].facility == pytest.approx(0.1) and items["hard"].flag == "very-hard"
    weak = items["weak"]
    assert weak.discrimination_index is not None and 0 <= weak.discrimination_index < 20
    assert weak.flag == "low-discrimination"


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([("a", "q", 1.5)], "outside 0-1"),
        ([("a", "q", -0.1)], "outside 0-1"),
        ([("a", "q", float("nan"))], "outside 0-1"),
        ([("a", "q", 1.0), ("a", "q", 0.0)], "lists item q twice"),
    ],
)
def test_bad_rows_raise(rows: list[tuple[str, str, float]], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        analyse(rows)


# --- properties --------------------------------------------------------------------------------

credit = st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0]) | st.floats(0.0, 1.0)
matrices = st.integers(2, 5).flatmap(
    lambda k: st.lists(st.lists(credit, min_size=k, max_size=k), min_size=2, max_size=12)
)


def matrix_rows(matrix: list[list[float]]) -> list[tuple[str, str, float]]:
    return [(f"s{a}", f"q{i}", c) for a, row in enumerate(matrix) for i, c in enumerate(row)]


@given(matrices)
def test_figures_stay_within_their_ranges(matrix: list[list[float]]) -> None:
    stats = analyse(matrix_rows(matrix))
    assert stats.attempts == len(matrix)
    assert stats.alpha is None or stats.alpha <= 1 + 1e-9
    assert stats.sem is None or stats.sem >= 0
    for s in stats.items:
        assert 0.0 <= s.facility <= 1.0
        assert s.sd is None or 0.0 <= s.sd <= 1.0
        for percent in (s.discrimination_index, s.discriminative_efficiency):
            assert percent is None or -100.0 <= percent <= 100.0


@given(matrices, st.randoms(use_true_random=False))
def test_row_order_and_attempt_names_do_not_matter(
    matrix: list[list[float]], rnd: random.Random
) -> None:
    rows = matrix_rows(matrix)
    shuffled = [(f"renamed-{a}", i, c) for a, i, c in rows]
    rnd.shuffle(shuffled)
    assert analyse(shuffled) == analyse(rows)


@given(matrices)
def test_agrees_with_the_statistics_module(matrix: list[list[float]]) -> None:
    stats = analyse(matrix_rows(matrix))
    totals = [math.fsum(row) for row in matrix]
    for i, s in enumerate(stats.items):
        column = [row[i] for row in matrix]
        rest = [t - x for t, x in zip(totals, column, strict=True)]
        assert s.facility == pytest.approx(statistics.fmean(column))
        assert s.sd == pytest.approx(statistics.stdev(column), abs=1e-9)
        if statistics.variance(column) > 1e-9 and statistics.variance(rest) > 1e-9:
            expected = 100 * statistics.correlation(column, rest)
            assert s.discrimination_index == pytest.approx(expected, abs=1e-6)
    k, total_variance = len(matrix[0]), statistics.variance(totals)
    if total_variance > 1e-9:
        sum_items = math.fsum(statistics.variance([r[i] for r in matrix]) for i in range(k))
        assert stats.alpha == pytest.approx(k / (k - 1) * (1 - sum_items / total_variance))


@given(
    st.integers(2, 5).flatmap(
        lambda k: st.lists(
            st.lists(st.sampled_from([0.0, 1.0]), min_size=k, max_size=k), min_size=2, max_size=12
        )
    )
)
def test_alpha_is_kr20_for_right_wrong_items(matrix: list[list[float]]) -> None:
    k, n = len(matrix[0]), len(matrix)
    totals = [sum(row) for row in matrix]
    spread = statistics.pvariance(totals)
    stats = analyse(matrix_rows(matrix))
    if spread == 0:
        assert stats.alpha is None
        return
    p = [sum(row[i] for row in matrix) / n for i in range(k)]
    kr20 = k / (k - 1) * (1 - sum(pi * (1 - pi) for pi in p) / spread)
    assert stats.alpha == pytest.approx(kr20)


@given(matrices, st.lists(credit, min_size=1, max_size=4))
def test_an_item_ignores_attempts_that_did_not_present_it(
    matrix: list[list[float]], partial: list[float]
) -> None:
    rows = matrix_rows(matrix)
    k = len(matrix[0])
    extra = [("extra", f"q{i}", c) for i, c in enumerate(partial[: k - 1])]
    before, after = analyse(rows), analyse(rows + extra)
    untouched = {f"q{i}" for i in range(len(extra), k)}
    assert {s.item: s for s in after.items if s.item in untouched} == {
        s.item: s for s in before.items if s.item in untouched
    }
    assert (after.alpha, after.sem) == (before.alpha, before.sem)


@given(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    st.integers(min_value=1, max_value=5000),
)
def test_grouped_terms_sum_exactly_like_the_repeated_value(value: float, times: int) -> None:
    from quiz.analysis.items import _times

    assert math.fsum(_times(value, times)) == math.fsum([value] * times)


def test_grouped_rows_give_what_the_rows_give() -> None:
    rows = rows_of(MATRIX)
    groups: dict[tuple[str, float, float, int], int] = {}
    for answers in MATRIX.values():
        total = math.fsum(answers.values())
        for item, credit in answers.items():
            key = (item, credit, total, len(answers))
            groups[key] = groups.get(key, 0) + 1
    grouped = analyse_groups([(*key, count) for key, count in groups.items()], len(MATRIX))
    assert grouped == analyse(rows)
    many = analyse_groups([(i, c, t, k, n * 997) for (i, c, t, k), n in groups.items()], 4985)
    assert many.items[0].facility == pytest.approx(0.6)
    assert many.alpha == pytest.approx(stats_alpha_of_copies(997), abs=1e-9)


def stats_alpha_of_copies(copies: int) -> float:
    """Alpha of the worked example with every attempt repeated ``copies`` times."""
    matrix = {f"{a}-{n}": answers for a, answers in MATRIX.items() for n in range(copies)}
    alpha = analyse(rows_of(matrix)).alpha
    assert alpha is not None
    return alpha
