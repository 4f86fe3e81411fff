"""Quality checks over loaded content, beyond what the schema can say about one item.

- near-duplicate stems across all banks (stem plus code, compared as word sets);
- single-choice key positions: no letter holds more than 40% of a bank's keys;
- absolute words ("always", "never", "cannot"…) do not sit in two or more distractors of an item
  while its key has none (a test-wise guesser rules those options out);
- surface cues stay near chance: in each bank, and in the situational-judgment set across
  banks, no mechanical strategy (the longest option, the second-longest, the only option with
  or without a justification clause or an absolute word) finds the key in more than 15 points
  above 1/k of the items (``quiz.bank.cues``);
- every requirement a profile weights has items;
- every citation quote occurs in its seed file (when the seeds folder is given).

Each check returns messages in the loader's ``where: message`` style; an empty list is a pass.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from itertools import combinations
from pathlib import Path
from typing import Any

from quiz.bank import cues
from quiz.bank.cues import absolute_words
from quiz.bank.loader import Content
from quiz.bank.schema import (
    Item,
    MultipleSelectItem,
    Option,
    SingleChoiceItem,
    SituationalJudgmentItem,
)

MAX_KEY_SHARE = 0.40
NEAR_DUPLICATE = 0.85
MIN_ITEMS_FOR_SHARES = 8
MIN_ABSOLUTE_DISTRACTORS = 2
_SINGLE_KEY_TYPES = {"single_choice", "code_reading"}


def _words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z0-9_]+", text.lower()))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def near_duplicate_stems(content: Content) -> list[str]:
    """Pairs of items whose stem and code share at least 85% of their words."""
    words = {
        item.id: _words(item.stem + " " + (item.code.text if item.code else ""))
        for item in content.items.values()
    }
    messages = []
    for a, b in combinations(content.items, 2):
        wa, wb = words[a], words[b]
        if min(len(wa), len(wb)) / max(len(wa), len(wb), 1) < NEAR_DUPLICATE:
            continue  # sizes too different for the Jaccard index to reach the threshold
        similarity = _jaccard(wa, wb)
        if similarity >= NEAR_DUPLICATE:
            messages.append(
                f"{content.files.get(a, a)}: item {a}: stem is a near-duplicate of item {b} "
                f"({similarity:.0%} of words shared)"
            )
    return messages


def near_duplicates_of(item: Item, others: Iterable[Item]) -> list[str]:
    """``near_duplicate_stems`` for one item against ``others`` (the editor's live check)."""
    mine = _words(item.stem + " " + (item.code.text if item.code else ""))
    messages = []
    for other in others:
        if other.id == item.id:
            continue
        theirs = _words(other.stem + " " + (other.code.text if other.code else ""))
        if min(len(mine), len(theirs)) / max(len(mine), len(theirs), 1) < NEAR_DUPLICATE:
            continue
        similarity = _jaccard(mine, theirs)
        if similarity >= NEAR_DUPLICATE:
            messages.append(
                f"stem is a near-duplicate of item {other.id} ({similarity:.0%} of words shared)"
            )
    return messages


def _single_key_items(content: Content) -> dict[str, list[Any]]:
    by_bank: dict[str, list[Any]] = {}
    for item_id, item in content.items.items():
        if item.type in _SINGLE_KEY_TYPES:
            by_bank.setdefault(content.item_area[item_id], []).append(item)
    return by_bank


def key_positions(content: Content) -> list[str]:
    """Banks where one option letter holds more than 40% of single-choice keys."""
    messages = []
    for area, items in sorted(_single_key_items(content).items()):
        if len(items) < MIN_ITEMS_FOR_SHARES:
            continue
        letter, count = Counter(i.answer for i in items).most_common(1)[0]
        if count / len(items) > MAX_KEY_SHARE:
            messages.append(
                f"banks/{area}.yaml: key '{letter}' is the answer to {count} of {len(items)} "
                f"single-choice items ({count / len(items):.0%}; at most 40%)"
            )
    return messages


def _keys_and_distractors(item: Item) -> tuple[list[Option], list[Option]] | None:
    """A choice item's keyed options (the 1.0 option of a judgment item) and its distractors."""
    if isinstance(item, SingleChoiceItem):
        keys = {item.answer}
    elif isinstance(item, MultipleSelectItem):
        keys = set(item.answer)
    elif isinstance(item, SituationalJudgmentItem):
        keys = {o.id for o in item.options if o.credit == 1.0}
    else:
        return None
    options: list[Option] = list(item.options)
    return [o for o in options if o.id in keys], [o for o in options if o.id not in keys]


def absolute_word_clues(content: Content) -> list[str]:
    """Items with absolute words in two or more distractors while no key option has one."""
    messages = []
    for item_id, item in content.items.items():
        split = _keys_and_distractors(item)
        if split is None or any(absolute_words(o.text) for o in split[0]):
            continue
        marked = {o.id: sorted(set(absolute_words(o.text))) for o in split[1]}
        marked = {oid: words for oid, words in marked.items() if words}
        if len(marked) >= MIN_ABSOLUTE_DISTRACTORS:
            found = "; ".join(f"{oid}: {', '.join(words)}" for oid, words in marked.items())
            messages.append(
                f"{content.files.get(item_id, item_id)}: item {item_id}: absolute words in "
                f"{len(marked)} distractors ({found}) but none in the key"
            )
    return messages


def cue_shares(content: Content) -> list[str]:
    """Banks, and the situational-judgment set, where a surface cue finds the key more than
    ``cues.MARGIN`` above chance."""
    messages = []
    for group in cues.figures(content):
        where = (
            "banks: situational-judgment items"
            if group.group == cues.JUDGMENT
            else (f"banks/{group.group}.yaml")
        )
        for strategy in group.over():
            messages.append(
                f"{where}: the strategy '{strategy}' finds the key in {group.found[strategy]} "
                f"of {group.items} items ({group.share(strategy):.0%}; chance is "
                f"{group.chance:.0%}, at most {group.chance + cues.MARGIN:.0%})"
            )
    return messages


def profile_coverage(content: Content) -> list[str]:
    """Profile requirements that no item measures."""
    counts = Counter(r for item in content.items.values() for r in item.requirements)
    return [
        f"profiles/{profile.id}.yaml: requirement '{req_id}' has no items"
        for profile in content.profiles.values()
        for entry_id, entry in profile.requirements.items()
        for req_id in (entry.any_of or [entry_id])
        if counts[req_id] == 0
    ]


def _normal_space(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def seed_quotes(content: Content, seeds_dir: str | Path) -> list[str]:
    """Citations whose quote does not occur (whitespace-normalised) in the named seed file."""
    seeds_dir = Path(seeds_dir)
    texts: dict[str, str | None] = {}
    messages = []
    for req in content.requirements.values():
        for n, citation in enumerate(req.citations, 1):
            if citation.seed not in texts:
                path = seeds_dir / citation.seed
                texts[citation.seed] = (
                    _normal_space(path.read_text(encoding="utf-8")) if path.is_file() else None
                )
            text = texts[citation.seed]
            where = f"requirements.yaml: requirement {req.id}: citation {n}"
            if text is None:
                messages.append(f"{where}: seed file '{citation.seed}' not found in {seeds_dir}")
            elif _normal_space(citation.quote) not in text:
                messages.append(f"{where}: quote not found in {citation.seed}: {citation.quote!r}")
    return messages


def run_all(content: Content, seeds_dir: str | Path | None = None) -> list[str]:
    """Every quality check; the seed check only when ``seeds_dir`` is given."""
    checks: Iterable[list[str]] = (
        near_duplicate_stems(content),
        key_positions(content),
        absolute_word_clues(content),
        cue_shares(content),
        profile_coverage(content),
        seed_quotes(content, seeds_dir) if seeds_dir is not None else [],
    )
    return [message for messages in checks for message in messages]
