"""Surface cues a test-wise guesser uses, measured: how often a mechanical strategy that knows
nothing of the subject finds the key.

A strategy "finds" an item's key when the key is the one option singled out by a surface
feature: the longest option, the second-longest, the only option with (or without) a
justification clause ("because", "so that"…), the only one with (or without) an absolute word
("always", "cannot"…). By chance a strategy finds the key in about 1/k of the items (k options).
``figures`` gives, per area and for the situational-judgment set, the share of items each
strategy finds; ``quiz.bank.quality.cue_shares`` fails a group where one is more than
``MARGIN`` above chance. docs/question-format.md explains the strategies in item-writing terms.

Counted items: the single-key choice types (single choice, code reading, and situational
judgment, whose key is the option with credit 1.0); for multiple select, "longest" finds the
keys when they are the longest options.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import cast

from quiz.bank.loader import Content
from quiz.bank.schema import (
    Item,
    MultipleSelectItem,
    Option,
    SingleChoiceItem,
    SituationalJudgmentItem,
)

MARGIN = 0.15  # a strategy may beat chance by at most this share of a group's items
MIN_ITEMS = 8  # groups smaller than this are not judged
JUDGMENT = "situational_judgment"

ABSOLUTE_WORDS = (
    "absolutely",
    "all",
    "always",
    "cannot",
    "can't",
    "complete",
    "completely",
    "entirely",
    "every",
    "forever",
    "guaranteed",
    "guarantees",
    "impossible",
    "never",
    "none",
    "nothing",
    "only",
    "solely",
    "totally",
)
_ABSOLUTE = re.compile(
    r"(?<![\w'])(" + "|".join(map(re.escape, ABSOLUTE_WORDS)) + r")(?![\w'])", re.I
)
JUSTIFICATIONS = (
    "because",
    "since",
    "so that",
    "so as to",
    "in order to",
    "which means",
    "to avoid",
    "to ensure",
    "to make sure",
    "as it",
    "as this",
    "as that",
)
_JUSTIFIED = re.compile(r"\b(" + "|".join(map(re.escape, JUSTIFICATIONS)) + r")\b", re.I)


def absolute_words(text: str) -> list[str]:
    """The absolute words in ``text`` (whole words, any case), lower-cased."""
    return [m.lower() for m in _ABSOLUTE.findall(text)]


def justified(text: str) -> bool:
    """True when ``text`` carries a justification clause."""
    return _JUSTIFIED.search(text) is not None


def _only(options: Sequence[Option], key: str, has: Callable[[str], bool]) -> bool:
    """The key is the one option with the feature (and at least three options)."""
    marked = [o.id for o in options if has(o.text)]
    return len(options) >= 3 and marked == [key]


def _rank(options: Sequence[Option], key: str) -> int | None:
    """1 when the key is strictly the longest, 2 strictly second, else None."""
    lengths = {o.id: len(o.text) for o in options}
    mine = lengths[key]
    if sum(1 for n in lengths.values() if n == mine) > 1:
        return None
    longer = sum(1 for n in lengths.values() if n > mine)
    return longer + 1 if longer < 2 else None


STRATEGIES: dict[str, Callable[[Sequence[Option], str], bool]] = {
    "longest": lambda options, key: _rank(options, key) == 1,
    "second_longest": lambda options, key: _rank(options, key) == 2,
    "only_justified": lambda options, key: _only(options, key, justified),
    "only_unjustified": lambda options, key: _only(options, key, lambda t: not justified(t)),
    "only_absolute": lambda options, key: _only(options, key, lambda t: bool(absolute_words(t))),
    "only_absolute_free": lambda options, key: _only(options, key, lambda t: not absolute_words(t)),
}


def single_key(item: Item) -> str | None:
    """The key of a single-key choice item (the 1.0 option of a judgment item), else None."""
    if isinstance(item, SingleChoiceItem):
        return item.answer
    if isinstance(item, SituationalJudgmentItem):
        return next(o.id for o in item.options if o.credit == 1.0)
    return None


def _keys_longest(item: MultipleSelectItem) -> bool:
    lengths = sorted((len(o.text) for o in item.options), reverse=True)
    keys = set(item.answer)
    cut = lengths[len(keys) - 1]
    return all(len(o.text) >= cut for o in item.options if o.id in keys) and all(
        len(o.text) < cut for o in item.options if o.id not in keys
    )


@dataclass(frozen=True)
class CueFigures:
    """How often each strategy finds the key in one group of items."""

    group: str  # an area id, or "situational_judgment"
    items: int
    chance: float  # the mean of 1/k over the group's single-key items
    found: dict[str, int]  # strategy -> items where it finds the key

    def share(self, strategy: str) -> float:
        """The share of the group's items the strategy finds."""
        return self.found[strategy] / self.items if self.items else 0.0

    def over(self) -> list[str]:
        """Strategies that beat chance by more than ``MARGIN`` (groups of ``MIN_ITEMS`` up)."""
        if self.items < MIN_ITEMS:
            return []
        return [s for s in STRATEGIES if self.share(s) > self.chance + MARGIN]

    def to_dict(self) -> dict[str, object]:
        """The figures as JSON for ``banks stats --json``."""
        return {
            "items": self.items,
            "chance": round(self.chance, 3),
            "limit": round(self.chance + MARGIN, 3),
            "shares": {s: round(self.share(s), 3) for s in STRATEGIES},
        }


def measure(group: str, items: Iterable[Item]) -> CueFigures:
    """The figures of ``items`` as one group."""
    found = dict.fromkeys(STRATEGIES, 0)
    chances: list[float] = []
    for item in items:
        key = single_key(item)
        if key is not None:
            options = list(cast(SingleChoiceItem | SituationalJudgmentItem, item).options)
            chances.append(1 / len(options))
            for name, strategy in STRATEGIES.items():
                found[name] += strategy(options, key)
        elif isinstance(item, MultipleSelectItem):
            chances.append(1 / len(item.options))
            found["longest"] += _keys_longest(item)
    return CueFigures(group, len(chances), sum(chances) / len(chances) if chances else 0.0, found)


def figures(content: Content) -> list[CueFigures]:
    """The figures of every area, then of the situational-judgment set across banks."""
    by_area: dict[str, list[Item]] = {}
    for item_id, item in content.items.items():
        by_area.setdefault(content.item_area[item_id], []).append(item)
    groups = [measure(area, items) for area, items in sorted(by_area.items())]
    judgments = [i for i in content.items.values() if isinstance(i, SituationalJudgmentItem)]
    return [*groups, measure(JUDGMENT, judgments)]
