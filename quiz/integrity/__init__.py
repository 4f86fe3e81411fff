"""Integrity context of an attempt: per-item time outliers, focus losses and pastes.

``analysis`` is pure (plain data in, a dataclass out); ``events`` checks and stores what the
question page reports and loads an attempt's context. Nothing here changes a score: the
context is shown next to a report as information, explained in docs/integrity.md.
"""

from __future__ import annotations

from quiz.integrity.analysis import Event, IntegrityContext, ItemContext, analyse
from quiz.integrity.events import EventError, integrity_context, record_events

__all__ = [
    "Event",
    "EventError",
    "IntegrityContext",
    "ItemContext",
    "analyse",
    "integrity_context",
    "record_events",
]
