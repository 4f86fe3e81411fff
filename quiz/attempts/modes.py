"""Quiz modes: how many items an attempt draws, from where, and how long it may take."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from werkzeug.datastructures import MultiDict

from quiz.bank import Content


@dataclass(frozen=True)
class Mode:
    """A way to take the quiz."""

    id: str
    title: str
    description: str
    seconds_per_item: int


QUICK = Mode(
    "quick",
    "Quick check",
    "About 20 questions, about 15 minutes, spread over the role's must-have requirements.",
    45,
)
FULL = Mode(
    "full",
    "Full assessment",
    "Every requirement of the role: about 60 to 80 questions, about an hour.",
    45,
)
CUSTOM = Mode(
    "custom",
    "Custom",
    "Pick the areas (or the requirements) and how many questions.",
    45,
)
MODES = {m.id: m for m in (QUICK, FULL, CUSTOM)}
FULL_MIN, FULL_MAX = 60, 80
CUSTOM_MIN, CUSTOM_MAX = 5, 60
EXTRA_TIME = [
    ("1", "None"),
    ("1.25", "25% extra time"),
    ("1.5", "50% extra time"),
    ("2", "Double time"),
]


def length_for(mode: Mode, quick_length: int, requirement_count: int, custom_length: int) -> int:
    """How many items to draw in ``mode``."""
    if mode is FULL:
        return max(FULL_MIN, min(FULL_MAX, requirement_count))
    if mode is CUSTOM:
        return custom_length
    return quick_length


PER_REQUIREMENT = 4  # questions per targeted requirement in a practice quiz


def preselection(args: MultiDict[str, str], content: Content) -> Mapping[str, Any]:
    """Start-form values from a link, e.g. a report's "Practise your top gaps"
    (``?profile=…&mode=custom&requirements=…``). Unknown values are dropped: the form still
    validates whatever is finally posted."""
    data: dict[str, Any] = {}
    profile = content.profiles.get(args.get("profile") or "")
    if profile is not None:
        data["profile"] = profile.id
    mode = args.get("mode")
    if mode in MODES:
        data["mode"] = mode
    wanted = dict.fromkeys(args.getlist("requirements"))
    if profile is not None and wanted:
        choices = practisable(content)
        targets = [r for r in wanted if r in profile.requirements and r in choices]
        if targets:
            data["requirements"] = targets
            data["length"] = max(CUSTOM_MIN, min(CUSTOM_MAX, PER_REQUIREMENT * len(targets)))
    return data


def practisable(content: Content) -> dict[str, str]:
    """Requirements a custom quiz can target, id → title: every requirement with items, and
    every any-of group (such as the server-side language) one of whose members has items."""
    tagged = {r for item in content.items.values() for r in item.requirements}
    found = {r.id: r.title for r in content.requirements.values() if r.id in tagged}
    for profile in content.profiles.values():
        for group_id, entry in profile.requirements.items():
            if entry.any_of and any(m in tagged for m in entry.any_of):
                found.setdefault(group_id, entry.title or group_id)
    return found
