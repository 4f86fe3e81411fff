"""Signals between features: one feature says what happened, others react, neither imports the
other. Each signal documents its sender, its keyword arguments, when it is sent, and what a
receiver may do. ``create_app`` connects the receivers; nothing connects at import time.

``attempt_closed``
    Sender: the ``Attempt`` that was just closed (``submitted_at`` is set). Sent by
    ``quiz.attempts.ending`` inside the transaction that closes the attempt, exactly once per
    attempt, before the commit. Receivers only add rows to the session (item counts); they do
    not commit, and an exception they raise rolls the closing back.

``attempt_submitted``
    Sender: the ``Attempt``; keyword ``snapshot``: its stored ``ReportSnapshot``. Sent by
    ``quiz.attempts.ending`` after the closing and the report snapshot were committed, exactly
    once per attempt. Receivers must not raise (the submission stands whatever they do); they
    may commit their own rows (webhook deliveries). ``notify`` logs what one raises anyway and
    goes on to the next.

``attempts_deleted``
    Sender: None; keyword ``attempt_ids``: the ids (a list, or a ``select`` of ids) of the
    attempts being deleted. Sent by ``quiz.attempts.ending.delete_attempts`` inside the
    deleting transaction, before the rows go, so receivers can read what they derived from
    them and take it back (item counts). Receivers do not commit.

``report_shown``
    Sender: the submitted ``Attempt`` whose owner's report page is being built. Each receiver
    returns a dict of extra values for the page (e.g. ``percentile``: the cohort percentile),
    or None; ``values_from`` merges them. The values are part of the page's ETag, so a receiver
    returns only values that compare equal when nothing changed.
"""

from __future__ import annotations

import logging
from typing import Any

from blinker import NamedSignal, Namespace

log = logging.getLogger(__name__)
_signals = Namespace()

attempt_closed = _signals.signal(
    "attempt-closed", doc="An attempt was closed (in its transaction)."
)
attempt_submitted = _signals.signal(
    "attempt-submitted", doc="An attempt's closing and report snapshot were committed."
)
attempts_deleted = _signals.signal(
    "attempts-deleted", doc="Attempts are being deleted (in the deleting transaction)."
)
report_shown = _signals.signal(
    "report-shown", doc="An owner's report page is being built; receivers return extra values."
)


def notify(signal: NamedSignal, sender: Any, **kwargs: Any) -> None:
    """Send ``signal`` to every receiver; one that raises is logged and the rest still run."""
    for receiver in signal.receivers_for(sender):
        try:
            receiver(sender, **kwargs)
        except Exception:
            log.exception("a receiver of %s failed", signal.name)


def values_from(signal: NamedSignal, sender: Any, **kwargs: Any) -> dict[str, Any]:
    """The dicts the receivers of ``signal`` return, merged (later receivers win)."""
    merged: dict[str, Any] = {}
    for _receiver, value in signal.send(sender, **kwargs):
        if value:
            merged.update(value)
    return merged
