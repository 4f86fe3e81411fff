"""Pooled, chance-corrected estimates: properties that must hold for any attempt."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from quiz.scoring import Evidence, Observation, estimate, pool

AREA_OF = {"q": "sql", "i": "sql", "rest": "api", "cache": "caching"}
CHANCES = [0.0, 0.1, 0.25, 1 / 3, 0.475, 0.5]

observations = st.lists(
    st.tuples(
        st.sampled_from(sorted(AREA_OF)),
        st.integers(min_value=1, max_value=3),
        st.one_of(st.none(), st.floats(min_value=0.0, max_value=1.0)),
        st.sampled_from(CHANCES),
    ),
    min_size=1,
    max_size=20,
)
Row = tuple[str, int, float | None, float]


def _obs(rows: list[Row]) -> list[Observation]:
    return [
        Observation(f"x{n:02d}", AREA_OF[r], (r,), Evidence(c, d, g))
        for n, (r, d, c, g) in enumerate(rows)
    ]


@given(observations, st.integers(min_value=0, max_value=19))
def test_a_right_answer_never_lowers_any_estimate(rows: list[Row], flip: int) -> None:
    flip %= len(rows)
    better = list(rows)
    req, d, _, g = better[flip]
    better[flip] = (req, d, 1.0, g)
    before, after = pool(_obs(rows), AREA_OF), pool(_obs(better), AREA_OF)
    for req_id, m in after.requirements.items():
        assert m.mean >= before.requirements[req_id].mean
        assert 0.0 <= m.low <= m.mean <= m.high <= 100.0
    for area, m in after.areas.items():
        assert m.mean >= before.areas[area].mean


@given(observations, st.randoms(use_true_random=False))
def test_the_order_of_responses_changes_nothing(rows: list[Row], rnd: random.Random) -> None:
    obs = _obs(rows)
    shuffled = list(obs)
    rnd.shuffle(shuffled)
    assert pool(obs, AREA_OF) == pool(shuffled, AREA_OF)


@given(
    st.lists(
        st.tuples(st.integers(1, 3), st.sampled_from([0.0, 1.0]), st.sampled_from(CHANCES)),
        max_size=10,
    ),
    st.integers(min_value=1, max_value=3),
    st.sampled_from(CHANCES[1:]),
)
def test_a_guess_prone_right_answer_moves_an_estimate_less_than_a_typed_one(
    background: list[tuple[int, float, float]], difficulty: int, chance: float
) -> None:
    base = [Evidence(c, d, g) for d, c, g in background]
    before = estimate(base).mean
    guessed = estimate([*base, Evidence(1.0, difficulty, chance)]).mean
    typed = estimate([*base, Evidence(1.0, difficulty, 0.0)]).mean
    assert before <= guessed <= typed


def test_a_right_true_false_says_less_than_a_right_five_option_answer() -> None:
    five = estimate([Evidence(1.0, 2, 0.2)]).mean
    true_false = estimate([Evidence(1.0, 2, 0.5)]).mean
    typed = estimate([Evidence(1.0, 2, 0.0)]).mean
    assert 50.0 < true_false < five < typed
