"""Per-item and whole-form statistics of a set of quiz attempts (Moodle's definitions).

Input is one ``(attempt, item, credit)`` row per item an attempt presented, credit in [0, 1].
An item that is absent from an attempt was not presented to it (the app draws a different
selection of items for each attempt) and counts neither for nor against that item; an item
shown but left unanswered must be given as credit 0, as the scoring does. Consequences:

- an item's figures use the ``n`` attempts that contain it, and its "rest of the test" is the
  sum of the credit those attempts earned on their other items;
- Cronbach's alpha and the standard error of measurement describe one form, so they use only
  the attempts that contain every item. When fewer than two such attempts exist they are None.

Every figure that would divide by a zero variance (fewer than two attempts, everyone earning
the same credit) is None rather than an error. ``docs/statistics.md`` has the formulas and a
worked example.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain, repeat

# Flag thresholds, from the guidance of Moodle's quiz statistics report (docs/statistics.md).
LOW_DISCRIMINATION = 20.0  # percent: Moodle calls 0-19 "very weak", likely not working
FACILITY_HARD = 0.10  # at or below: "very difficult" or worse
FACILITY_EASY = 0.90  # at or above: "very easy" or easier
_EPSILON = 1e-12  # variances and covariances below this are treated as zero


@dataclass(frozen=True)
class ItemStatistics:
    """Figures for one item. ``facility`` and ``sd`` are on the credit scale (0-1);
    the two discrimination figures are percentages (-100 to 100)."""

    item: str
    n: int
    facility: float
    sd: float | None
    discrimination_index: float | None
    discriminative_efficiency: float | None
    flag: str | None


@dataclass(frozen=True)
class FormStatistics:
    """The whole set: attempts counted, reliability and error of measurement, and items."""

    attempts: int
    alpha: float | None
    sem: float | None
    items: list[ItemStatistics]


# Grouped input: ``count`` attempts that presented ``presented`` items, earned ``total`` credit
# on them in all, and ``credit`` on ``item``. A class of thousands has few distinct groups.
Group = tuple[str, float, float, int, int]  # item, credit, total, presented, count
_Run = tuple[float, float, int, int]  # credit, total, presented, count


def analyse(rows: Iterable[tuple[str, str, float]]) -> FormStatistics:
    """Item analysis of ``(attempt, item, credit)`` rows; items come back sorted by id.

    Raises ``ValueError`` for a credit outside [0, 1] or an attempt listing an item twice.
    """
    attempts: dict[str, dict[str, float]] = {}
    for attempt, item, credit in rows:
        _check(credit, f"{attempt}/{item}")
        answers = attempts.setdefault(attempt, {})
        if item in answers:
            raise ValueError(f"attempt {attempt} lists item {item} twice")
        answers[item] = float(credit)
    groups: Counter[tuple[str, float, float, int]] = Counter()
    for answers in attempts.values():
        total = math.fsum(answers.values())
        groups.update((item, credit, total, len(answers)) for item, credit in answers.items())
    return analyse_groups(((*key, count) for key, count in groups.items()), len(attempts))


def analyse_groups(groups: Iterable[Group], attempts: int) -> FormStatistics:
    """Item analysis of grouped rows (see ``Group``): what ``analyse`` gives for the attempts
    they describe, figure for figure, at a cost that grows with the groups, not the rows."""
    by_item: dict[str, list[_Run]] = {}
    for item, credit, total, presented, count in groups:
        _check(credit, item)
        by_item.setdefault(item, []).append((float(credit), float(total), presented, count))
    item_ids = sorted(by_item)
    items = [_item_statistics(item, by_item[item]) for item in item_ids]
    alpha, sem = _reliability(item_ids, by_item)
    return FormStatistics(attempts=attempts, alpha=alpha, sem=sem, items=items)


def _check(credit: float, where: str) -> None:
    if not 0.0 <= credit <= 1.0 or math.isnan(credit):
        raise ValueError(f"credit {credit} for {where} is outside 0-1")


def _item_statistics(item: str, runs: list[_Run]) -> ItemStatistics:
    credits = [(c, w) for c, _t, _k, w in runs]
    rests = [(t - c, w) for c, t, _k, w in runs]
    n = sum(w for _c, w in credits)
    facility = _sum(credits) / n
    variance = sd = index = efficiency = None
    if n > 1:
        mean_rest = _sum(rests) / n
        pairs = [(c, r, w) for (c, w), (r, _w) in zip(credits, rests, strict=True)]
        variance = _centred([(c, c, w) for c, w in credits], facility, facility) / (n - 1)
        sd = math.sqrt(variance)
        cov = _centred(pairs, facility, mean_rest) / (n - 1)
        rest_variance = _centred([(r, r, w) for r, w in rests], mean_rest, mean_rest) / (n - 1)
        if variance and rest_variance and variance > _EPSILON and rest_variance > _EPSILON:
            index = _clamp(100.0 * cov / math.sqrt(variance * rest_variance))
        ranked = _sorted_pairs(credits, rests)
        cov_max = _centred(ranked, facility, mean_rest) / (n - 1)
        if cov_max > _EPSILON:
            efficiency = _clamp(100.0 * cov / cov_max)
    return ItemStatistics(
        item=item,
        n=n,
        facility=facility,
        sd=sd,
        discrimination_index=index,
        discriminative_efficiency=efficiency,
        flag=flag_for(facility, index, sd),
    )


def flag_for(facility: float, index: float | None, sd: float | None) -> str | None:
    """The most serious problem an item shows, or None.

    In order: ``negative-discrimination`` (stronger attempts do worse on it), ``very-hard`` /
    ``very-easy`` (facility at or beyond FACILITY_HARD / FACILITY_EASY, which also keeps the
    index low), ``low-discrimination`` (index under LOW_DISCRIMINATION percent),
    ``no-variance`` (every attempt earned the same credit, so it cannot discriminate).
    """
    if index is not None and index < 0:
        return "negative-discrimination"
    if facility <= FACILITY_HARD:
        return "very-hard"
    if facility >= FACILITY_EASY:
        return "very-easy"
    if index is not None and index < LOW_DISCRIMINATION:
        return "low-discrimination"
    if sd is not None and sd <= math.sqrt(_EPSILON):
        return "no-variance"
    return None


def _reliability(
    item_ids: Sequence[str], by_item: dict[str, list[_Run]]
) -> tuple[float | None, float | None]:
    """Cronbach's alpha (KR-20 when every credit is 0 or 1) and SEM = SD_total·√(1 − alpha),
    over the attempts that contain every item."""
    k = len(item_ids)
    if k < 2:
        return None, None
    # Every complete attempt presents the first item once, with its total.
    totals = [(t, w) for _c, t, presented, w in by_item[item_ids[0]] if presented == k]
    if sum(w for _t, w in totals) < 2:
        return None, None
    item_variances = [
        _variance([(c, w) for c, _t, presented, w in by_item[i] if presented == k]) or 0.0
        for i in item_ids
    ]
    total_variance = _variance(totals) or 0.0
    if total_variance <= _EPSILON:
        return None, None
    alpha = k / (k - 1) * (1.0 - math.fsum(item_variances) / total_variance)
    sem = math.sqrt(total_variance) * math.sqrt(max(0.0, 1.0 - alpha))
    return alpha, sem


# Weighted values: (value, how many times). ``math.fsum`` rounds the exact sum of its terms
# once, so giving it terms whose exact sum is value × times (see _times) returns exactly what
# the unweighted formula returns, at a cost that grows with the groups, not the rows.
Weighted = Sequence[tuple[float, int]]
_SPLIT = 134217729.0  # 2**27 + 1: Veltkamp's split of a double into two halves of 26 bits
_MAX_TIMES = 1 << 26


def _times(value: float, times: int) -> Iterable[float]:
    """Floats whose exact sum is ``value × times``: each half of the split value times an
    integer below 2**26 needs at most 53 bits, so both products are exact."""
    if times >= _MAX_TIMES:
        return repeat(value, times)
    c = _SPLIT * value
    high = c - (c - value)
    return (high * times, (value - high) * times)


def _sum(values: Weighted) -> float:
    return math.fsum(chain.from_iterable(_times(v, w) for v, w in values))


def _variance(values: Weighted) -> float | None:
    """Sample variance (divisor n − 1, as Moodle), None below two values."""
    n = sum(w for _v, w in values)
    if n < 2:
        return None
    mean = _sum(values) / n
    return _centred([(v, v, w) for v, w in values], mean, mean) / (n - 1)


def _centred(pairs: Sequence[tuple[float, float, int]], mean_x: float, mean_y: float) -> float:
    """Σ (x − mean_x)(y − mean_y) over weighted pairs."""
    return math.fsum(
        chain.from_iterable(_times((x - mean_x) * (y - mean_y), w) for x, y, w in pairs)
    )


def _sorted_pairs(xs: Weighted, ys: Weighted) -> list[tuple[float, float, int]]:
    """The k-th smallest x paired with the k-th smallest y, as weighted pairs."""
    left, right = sorted(xs), sorted(ys)
    pairs: list[tuple[float, float, int]] = []
    i = j = 0
    x_left, y_left = (left[0][1], right[0][1]) if left and right else (0, 0)
    while i < len(left) and j < len(right):
        step = min(x_left, y_left)
        if step:
            pairs.append((left[i][0], right[j][0], step))
        x_left, y_left = x_left - step, y_left - step
        if not x_left and (i := i + 1) < len(left):
            x_left = left[i][1]
        if not y_left and (j := j + 1) < len(right):
            y_left = right[j][1]
    return pairs


def _clamp(percent: float) -> float:
    """Keep a correlation-like percentage within ±100 despite rounding."""
    return max(-100.0, min(100.0, percent))
