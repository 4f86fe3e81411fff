"""A time budget for reading a question file, and a count of the work reading it took.

The readers are linear by construction (no regular expression with nested or overlapping
quantifiers runs on user input; every pass moves forward), and they report each stretch of
text they scan to ``scan``. That one call does two jobs:

- it adds to a work counter, so tests can check that the work grows linearly with the input
  (``measure``), which a timing could only suggest;
- it checks the deadline set by ``deadline``, so an upload is refused (``OverBudget``) when
  reading takes longer than its budget, and one request can never hold a worker.

Without a ``deadline`` (the CLI, tests) nothing is ever refused. The budget is cooperative:
it is checked between stretches of work, each of which is linear in the size of the file.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


class OverBudget(Exception):
    """Reading the file took longer than its time budget; nothing was imported."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"reading the file took longer than {seconds:g} s")
        self.seconds = seconds


@dataclass
class _Meter:
    """The work done so far and the moment reading must stop (None: never)."""

    work: int = 0
    ends_at: float | None = None
    seconds: float = 0.0


_METER: ContextVar[_Meter | None] = ContextVar("quiz_bank_budget", default=None)


def scan(characters: int) -> None:
    """Record that ``characters`` characters were scanned; raise ``OverBudget`` when late."""
    meter = _METER.get()
    if meter is None:
        return
    meter.work += characters + 1
    if meter.ends_at is not None and time.monotonic() > meter.ends_at:
        raise OverBudget(meter.seconds)


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Run the block under a time budget of ``seconds``; ``scan`` raises once it is spent."""
    meter = _Meter(ends_at=time.monotonic() + seconds, seconds=seconds)
    token = _METER.set(meter)
    try:
        yield
    finally:
        _METER.reset(token)


@contextmanager
def measure() -> Iterator[_Meter]:
    """Count the work of the block (``meter.work``, characters scanned) without a deadline."""
    meter = _Meter()
    token = _METER.set(meter)
    try:
        yield meter
    finally:
        _METER.reset(token)
