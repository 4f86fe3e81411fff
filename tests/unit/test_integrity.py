"""The integrity context: the worked example of docs/integrity.md and the rule's edges."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from quiz.analysis.integrity import Event, analyse, item_seconds, robust_z

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
ITEMS = ["q1", "q2", "q3", "q4", "q5", "q6"]


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def worked_example() -> list[Event]:
    starts = [0, 40, 90, 150, 195, 250]
    views = [Event("view", item, at(s)) for item, s in zip(ITEMS, starts, strict=True)]
    return [
        *views,
        Event("blur", "q2", at(60)),
        Event("paste", "q3", at(100)),
        Event("paste", "q3", at(120)),
    ]


def test_worked_example_times_and_scores() -> None:
    times = item_seconds(worked_example(), at(254))
    assert times == {"q1": 40, "q2": 50, "q3": 60, "q4": 45, "q5": 55, "q6": 4}
    z = {k: round(v, 2) for k, v in robust_z(times).items()}
    assert z == {"q1": -0.68, "q2": 0.21, "q3": 0.94, "q4": -0.21, "q5": 0.59, "q6": -9.89}


def test_worked_example_context() -> None:
    ctx = analyse(ITEMS, worked_example(), at(254))
    assert ctx.focus_losses == 1
    assert ctx.pastes == 2
    assert [i.pastes for i in ctx.items] == [0, 0, 2, 0, 0, 0]
    assert ctx.median_seconds == 47.5
    assert ctx.timed_items == 6 and ctx.rule_applied
    assert [(i.number, i.outlier) for i in ctx.outliers] == [(6, "fast")]
    assert ctx.items[5].z == -9.89 and ctx.items[5].seconds == 4.0


def test_a_long_item_is_marked_slow() -> None:
    starts = [0, 50, 100, 150, 200, 250]
    events = [Event("view", i, at(s)) for i, s in zip(ITEMS, starts, strict=True)]
    ctx = analyse(ITEMS, events, at(250 + 900))
    assert [(i.item_id, i.outlier) for i in ctx.outliers] == [("q6", "slow")]


def test_revisits_add_up_and_hidden_items_are_untimed() -> None:
    events = [
        Event("view", "q1", at(0)),
        Event("view", "q2", at(10)),
        Event("view", "q1", at(30)),
    ]
    ctx = analyse(ITEMS, events, at(35))
    assert ctx.items[0].seconds == 15.0 and ctx.items[1].seconds == 20.0
    assert ctx.items[2].seconds is None and ctx.items[2].z is None


def test_too_few_timed_items_marks_nothing() -> None:
    events = [Event("view", i, at(s)) for i, s in zip(ITEMS[:4], [0, 60, 120, 121], strict=True)]
    ctx = analyse(ITEMS, events, at(122))
    assert ctx.timed_items == 4 and not ctx.rule_applied
    assert ctx.outliers == ()
    assert ctx.items[2].z is not None  # scores are still shown, only not labelled


def test_equal_times_use_the_spread_floor() -> None:
    # MAD is 0 here; without the floor, a 2-second difference would be infinitely odd.
    times = {"a": 50.0, "b": 50.0, "c": 50.0, "d": 50.0, "e": 52.0}
    z = robust_z(times)
    assert z["e"] == pytest.approx((0.0392207) / 0.25, abs=1e-4)
    assert all(abs(v) < 2.5 for v in z.values())


def test_nothing_recorded() -> None:
    ctx = analyse(ITEMS, [], None)
    assert not ctx.recorded
    assert ctx.median_seconds is None and ctx.focus_losses == 0
    assert all(i.seconds is None for i in ctx.items)


def test_events_of_items_outside_the_attempt_are_ignored_for_time() -> None:
    events = [Event("view", "other", at(0)), Event("view", "q1", at(5))]
    ctx = analyse(ITEMS, events, at(15))
    assert ctx.timed_items == 1 and ctx.items[0].seconds == 10.0


def test_answering_every_item_in_half_a_second_is_very_fast() -> None:
    items = [f"i{n}" for n in range(10)]
    events = [Event("view", item, at(0.5 * n)) for n, item in enumerate(items)]
    ctx = analyse(items, events, at(5.0))
    assert ctx.outliers == ()  # equal times: nothing unusual within the attempt
    assert ctx.very_fast == 10 and ctx.mostly_very_fast
    assert all(i.very_fast for i in ctx.items)


def test_a_few_fast_items_are_not_mostly_very_fast() -> None:
    items = [f"i{n}" for n in range(6)]
    starts = [0.0, 2.0, 32.0, 62.0, 92.0, 122.0]
    events = [Event("view", item, at(s)) for item, s in zip(items, starts, strict=True)]
    ctx = analyse(items, events, at(152.0))
    assert ctx.very_fast == 1 and not ctx.mostly_very_fast
    assert [i.very_fast for i in ctx.items] == [True, False, False, False, False, False]
