"""Check and store the events a question page reports, and load an attempt's context.

The page sends ``{"events": [{"kind": "view"|"blur"|"paste", "item": <number>, "ago_ms": n}]}``:
``item`` is the 1-based question number (or null), ``ago_ms`` how long before sending the event
happened, so the server's clock stamps it and a wrong clock on the candidate's device does not.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from quiz.analysis.integrity import Event, IntegrityContext, analyse
from quiz.extensions import db
from quiz.models import Attempt, AttemptEvent
from quiz.models.integrity import EVENT_KINDS

MAX_BATCH = 50  # events in one request
MAX_PER_ATTEMPT = 2000  # events kept for one attempt
MAX_AGO_MS = 10 * 60 * 1000  # an event is sent at most ten minutes after it happened


class EventError(ValueError):
    """A payload the server refuses; ``code`` is the JSON error code, ``str()`` the message."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def _parse_one(raw: Any, total: int, now: datetime, attempt: Attempt) -> AttemptEvent:
    if not isinstance(raw, dict):
        raise EventError("invalid_event", "Each event must be an object.")
    kind = raw.get("kind")
    if kind not in EVENT_KINDS:
        raise EventError("invalid_kind", f"kind must be one of {', '.join(EVENT_KINDS)}.")
    number = raw.get("item")
    if number is not None and (type(number) is not int or not 1 <= number <= total):
        raise EventError("invalid_item", f"item must be a question number from 1 to {total}.")
    ago = raw.get("ago_ms", 0)
    if type(ago) is not int or not 0 <= ago <= MAX_AGO_MS:
        raise EventError("invalid_time", f"ago_ms must be a whole number from 0 to {MAX_AGO_MS}.")
    return AttemptEvent(
        attempt_id=attempt.id,
        kind=kind,
        item_id=attempt.item_ids[number - 1] if number is not None else None,
        at=now - timedelta(milliseconds=ago),
    )


def parse_events(payload: Any, attempt: Attempt, now: datetime) -> list[AttemptEvent]:
    """The events of ``payload`` as rows for ``attempt``; raises ``EventError`` when malformed."""
    if not isinstance(payload, dict) or not isinstance(payload.get("events"), list):
        raise EventError("invalid_payload", 'Send a JSON object {"events": [...]}.')
    raw_events = payload["events"]
    if len(raw_events) > MAX_BATCH:
        raise EventError("too_many_events", f"Send at most {MAX_BATCH} events at a time.")
    total = len(attempt.item_ids)
    return [_parse_one(raw, total, now, attempt) for raw in raw_events]


def record_events(attempt: Attempt, payload: Any, now: datetime) -> int:
    """Store the events of ``payload`` for ``attempt``; returns how many were stored."""
    rows = parse_events(payload, attempt, now)
    stored = db.session.scalar(
        sa.select(sa.func.count()).where(AttemptEvent.attempt_id == attempt.id)
    )
    if (stored or 0) + len(rows) > MAX_PER_ATTEMPT:
        raise EventError("event_limit", "This attempt has recorded all the events it may.")
    db.session.add_all(rows)
    db.session.commit()
    return len(rows)


def load_events(attempt_id: int) -> list[Event]:
    """An attempt's events in time order, as plain data."""
    rows = db.session.execute(
        sa.select(AttemptEvent.kind, AttemptEvent.item_id, AttemptEvent.at)
        .where(AttemptEvent.attempt_id == attempt_id)
        .order_by(AttemptEvent.at, AttemptEvent.id)
    )
    return [Event(kind, item_id, at) for kind, item_id, at in rows]


def integrity_context(attempt: Attempt) -> IntegrityContext:
    """The integrity context of ``attempt`` (timing ends at its submission)."""
    return analyse(attempt.item_ids, load_events(attempt.id), attempt.submitted_at)
