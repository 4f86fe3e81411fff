"""The integrity context as a pure function of an attempt's items and recorded events.

Time on an item is the sum of the spans that start at one of its ``view`` events and end at
the next ``view`` event (of any item) or at the end of the attempt. An item's time is an
outlier when its robust z-score on the log scale is beyond ``THRESHOLD``:

    z = (ln t − median(ln t)) / max(1.4826 · MAD(ln t), MIN_SCALE)

over the timed items of the attempt (times under one second count as one second). The rule
applies only with at least ``MIN_ITEMS`` timed items. Whatever the spread, an item answered
in under ``FLOOR_SECONDS`` is marked very fast (too short to read most questions), and the
summary says when most timed items were. Worked example: docs/integrity.md.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

THRESHOLD = 2.5  # |z| beyond this is an outlier, fast (negative) or slow (positive)
MIN_ITEMS = 5  # fewer timed items than this: no outliers are named
MIN_SCALE = 0.25  # a floor on the spread, so near-equal times do not make every small gap odd
MAD_TO_SD = 1.4826  # makes the MAD estimate a standard deviation for normal data
FLOOR_SECONDS = 3.0  # under this, an item was answered faster than it can usually be read


@dataclass(frozen=True)
class Event:
    """One recorded event: ``kind`` is view, blur or paste; ``item_id`` may be empty."""

    kind: str
    item_id: str | None
    at: datetime


@dataclass(frozen=True)
class ItemContext:
    """One item of the attempt: its time, z-score, outlier label and pastes."""

    number: int
    item_id: str
    seconds: float | None  # None: the item was never shown with timing on
    z: float | None
    outlier: str | None  # "fast", "slow" or None
    pastes: int

    @property
    def very_fast(self) -> bool:
        """Answered in under ``FLOOR_SECONDS``."""
        return self.seconds is not None and self.seconds < FLOOR_SECONDS


@dataclass(frozen=True)
class IntegrityContext:
    """An attempt's context: per item, and the totals the page summarises."""

    items: tuple[ItemContext, ...]
    focus_losses: int
    pastes: int
    median_seconds: float | None
    timed_items: int
    rule_applied: bool  # False when fewer than MIN_ITEMS items were timed

    @property
    def recorded(self) -> bool:
        """True when anything was recorded (the page enhances with JavaScript)."""
        return self.timed_items > 0 or self.focus_losses > 0 or self.pastes > 0

    @property
    def very_fast(self) -> int:
        """How many timed items were answered in under ``FLOOR_SECONDS``."""
        return sum(1 for i in self.items if i.very_fast)

    @property
    def mostly_very_fast(self) -> bool:
        """More than half of the timed items were answered in under ``FLOOR_SECONDS``."""
        return self.timed_items > 0 and self.very_fast * 2 > self.timed_items

    @property
    def outliers(self) -> tuple[ItemContext, ...]:
        """The items whose time is an outlier."""
        return tuple(i for i in self.items if i.outlier)


def item_seconds(events: Sequence[Event], end: datetime | None) -> dict[str, float]:
    """Seconds spent per item, from the ``view`` events (see the module docstring)."""
    views = sorted((e for e in events if e.kind == "view" and e.item_id), key=lambda e: e.at)
    times: dict[str, float] = {}
    for index, view in enumerate(views):
        stop = views[index + 1].at if index + 1 < len(views) else end
        if stop is None or view.item_id is None:
            continue
        span = max(0.0, (stop - view.at).total_seconds())
        times[view.item_id] = times.get(view.item_id, 0.0) + span
    return times


def robust_z(times: Mapping[str, float]) -> dict[str, float]:
    """The log-time robust z-score of each item (median and MAD of the attempt)."""
    if not times:
        return {}
    logs = {item: math.log(max(seconds, 1.0)) for item, seconds in times.items()}
    centre = statistics.median(logs.values())
    mad = statistics.median(abs(value - centre) for value in logs.values())
    scale = max(MAD_TO_SD * mad, MIN_SCALE)
    return {item: (value - centre) / scale for item, value in logs.items()}


def _label(z: float | None, applied: bool) -> str | None:
    if z is None or not applied:
        return None
    if z <= -THRESHOLD:
        return "fast"
    if z >= THRESHOLD:
        return "slow"
    return None


def analyse(
    item_ids: Sequence[str], events: Sequence[Event], end: datetime | None
) -> IntegrityContext:
    """The integrity context of an attempt with ``item_ids`` (in order) ending at ``end``."""
    times = {i: s for i, s in item_seconds(events, end).items() if i in set(item_ids)}
    scores = robust_z(times)
    applied = len(times) >= MIN_ITEMS
    pastes = Counter(e.item_id for e in events if e.kind == "paste")
    items = tuple(
        ItemContext(
            number=number,
            item_id=item_id,
            seconds=round(times[item_id], 1) if item_id in times else None,
            z=round(scores[item_id], 2) if item_id in scores else None,
            outlier=_label(scores.get(item_id), applied),
            pastes=pastes.get(item_id, 0),
        )
        for number, item_id in enumerate(item_ids, 1)
    )
    return IntegrityContext(
        items=items,
        focus_losses=sum(1 for e in events if e.kind == "blur"),
        pastes=sum(pastes.values()),
        median_seconds=round(statistics.median(times.values()), 1) if times else None,
        timed_items=len(times),
        rule_applied=applied,
    )
