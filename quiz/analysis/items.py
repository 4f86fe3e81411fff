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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

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


def analyse(rows: Iterable[tuple[str, str, float]]) -> FormStatistics:
    """Item analysis of ``(attempt, item, credit)`` rows; items come back sorted by id.

    Raises ``ValueError`` for a credit outside [0, 1] or an attempt listing an item twice.
    """
    attempts: dict[str, dict[str, float]] = {}
    for attempt, item, credit in rows:
        if not 0.0 <= credit <= 1.0 or math.isnan(credit):
            raise ValueError(f"credit {credit} for {attempt}/{item} is outside 0-1")
        answers = attempts.setdefault(attempt, {})
        if item in answers:
            raise ValueError(f"attempt {attempt} lists item {item} twice")
        answers[item] = float(credit)
    totals = {a: math.fsum(answers.values()) for a, answers in attempts.items()}
    item_ids = sorted({item for answers in attempts.values() for item in answers})
    items = [_item_statistics(item, attempts, totals) for item in item_ids]
    alpha, sem = _reliability(item_ids, attempts)
    return FormStatistics(attempts=len(attempts), alpha=alpha, sem=sem, items=items)


def _item_statistics(
    item: str, attempts: dict[str, dict[str, float]], totals: dict[str, float]
) -> ItemStatistics:
    credits = [answers[item] for answers in attempts.values() if item in answers]
    rests = [totals[a] - answers[item] for a, answers in attempts.items() if item in answers]
    n = len(credits)
    facility = math.fsum(credits) / n
    variance = _variance(credits)
    sd = math.sqrt(variance) if variance is not None else None
    index = efficiency = None
    if n > 1:
        cov = _covariance(credits, rests)
        rest_variance = _variance(rests)
        if variance and rest_variance and variance > _EPSILON and rest_variance > _EPSILON:
            index = _clamp(100.0 * cov / math.sqrt(variance * rest_variance))
        cov_max = _covariance(sorted(credits), sorted(rests))
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
    item_ids: Sequence[str], attempts: dict[str, dict[str, float]]
) -> tuple[float | None, float | None]:
    """Cronbach's alpha (KR-20 when every credit is 0 or 1) and SEM = SD_total·√(1 − alpha),
    over the attempts that contain every item."""
    k = len(item_ids)
    complete = [answers for answers in attempts.values() if len(answers) == k]
    if k < 2 or len(complete) < 2:
        return None, None
    item_variances = [_variance([answers[i] for answers in complete]) or 0.0 for i in item_ids]
    total_variance = _variance([math.fsum(answers.values()) for answers in complete]) or 0.0
    if total_variance <= _EPSILON:
        return None, None
    alpha = k / (k - 1) * (1.0 - math.fsum(item_variances) / total_variance)
    sem = math.sqrt(total_variance) * math.sqrt(max(0.0, 1.0 - alpha))
    return alpha, sem


def _variance(values: Sequence[float]) -> float | None:
    """Sample variance (divisor n − 1, as Moodle), None below two values."""
    if len(values) < 2:
        return None
    return _covariance(values, values)


def _covariance(xs: Sequence[float], ys: Sequence[float]) -> float:
    mean_x = math.fsum(xs) / len(xs)
    mean_y = math.fsum(ys) / len(ys)
    return math.fsum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / (
        len(xs) - 1
    )


def _clamp(percent: float) -> float:
    """Keep a correlation-like percentage within ±100 despite rounding."""
    return max(-100.0, min(100.0, percent))
