"""Quiz modes: how many items an attempt draws, from where, and how long it may take."""

from __future__ import annotations

from dataclasses import dataclass


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
    "Pick the areas and how many questions.",
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
