"""Item analysis counts, kept up to date per assignment (``assignment_item_counts``).

An attempt adds one row per item it presented, keyed (item, credit, total, presented), with
unanswered items at credit 0 and the total summed with ``math.fsum`` exactly as
``quiz.analysis.analyse`` sums it. ``create_app`` connects ``count_closed`` to the
``attempt_closed`` signal, so an attempt's rows are added in the transaction that ends it, and
``subtract_deleted`` to ``attempts_deleted``, so deleting submitted attempts takes them out.
Item analysis then reads a few thousand rows instead of every response of the class.

``assignments.counted_attempts`` says how many attempts the rows hold. Every change starts by
updating that row, so changes to one assignment's counts are serialised (no lost update, no
deadlock between two submissions). When an item analysis finds the number different from the
assignment's submitted attempts (the table was just created, rows were loaded in bulk, or a
submission raced a deletion), it rebuilds the assignment's counts from the responses first.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from quiz.analysis.items import Group
from quiz.extensions import db
from quiz.models import Assignment, Attempt, ItemCount, Response

Key = tuple[str, float, float, int]  # item, credit, total, presented

_BUMP = sa.text(
    "INSERT INTO assignment_item_counts (assignment_id, item_id, credit, total, presented, n) "
    "VALUES (:assignment, :item, :credit, :total, :presented, :n) "
    "ON CONFLICT (assignment_id, item_id, credit, total, presented) "
    "DO UPDATE SET n = assignment_item_counts.n + excluded.n"
)


def attempt_keys(item_ids: Sequence[str], credits: Mapping[str, float]) -> list[Key]:
    """One key per presented item: its credit (0 when unanswered), the attempt's total and
    how many items it presented."""
    values = [float(credits.get(item, 0.0)) for item in item_ids]
    total = math.fsum(values)
    return [(item, value, total, len(values)) for item, value in zip(item_ids, values, strict=True)]


def _shift(assignment_id: int, attempts: int, keys: Counter[Key], sign: int) -> None:
    """Add (sign 1) or subtract (sign -1) ``attempts`` attempts and their ``keys``."""
    db.session.execute(
        sa.update(Assignment)
        .where(Assignment.id == assignment_id)
        .values(counted_attempts=Assignment.counted_attempts + sign * attempts)
        .execution_options(synchronize_session=False)
    )
    if not keys:
        return
    db.session.execute(
        _BUMP,
        [
            {
                "assignment": assignment_id,
                "item": item,
                "credit": credit,
                "total": total,
                "presented": presented,
                "n": sign * n,
            }
            for (item, credit, total, presented), n in sorted(keys.items())
        ],
    )
    if sign < 0:
        db.session.execute(
            sa.delete(ItemCount).where(ItemCount.assignment_id == assignment_id, ItemCount.n <= 0)
        )


def _credits(attempt_ids: Iterable[int]) -> dict[int, dict[str, float]]:
    out: dict[int, dict[str, float]] = defaultdict(dict)
    ids = list(attempt_ids)
    for start in range(0, len(ids), 500):
        rows = db.session.execute(
            sa.select(Response.attempt_id, Response.item_id, Response.credit).where(
                Response.attempt_id.in_(ids[start : start + 500])
            )
        )
        for attempt_id, item_id, credit in rows:
            out[attempt_id][item_id] = credit
    return out


def count_closed(attempt: Attempt, **_: object) -> None:
    """Add a just-closed attempt of an assignment, in the transaction that closes it: the
    receiver of ``quiz.core.signals.attempt_closed``."""
    if attempt.assignment_id is None:
        return
    credits = _credits([attempt.id]).get(attempt.id, {})
    _shift(attempt.assignment_id, 1, Counter(attempt_keys(attempt.item_ids, credits)), 1)


Withdrawn = dict[int, tuple[int, Counter[Key]]]  # assignment -> (attempts, keys)


def submitted_among(attempt_ids: Any) -> Withdrawn:
    """What the submitted assignment attempts among ``attempt_ids`` (ids or a select of ids)
    add to the counts."""
    rows = db.session.execute(
        sa.select(Attempt.id, Attempt.assignment_id, Attempt.item_ids).where(
            Attempt.id.in_(attempt_ids),
            Attempt.assignment_id.is_not(None),
            Attempt.submitted_at.is_not(None),
        )
    ).all()
    credits = _credits(r.id for r in rows)
    out: Withdrawn = {}
    for attempt_id, assignment_id, item_ids in rows:
        attempts, keys = out.get(assignment_id, (0, Counter()))
        keys.update(attempt_keys(item_ids, credits.get(attempt_id, {})))
        out[assignment_id] = (attempts + 1, keys)
    return out


def subtract_deleted(_sender: object, *, attempt_ids: Any, **_: object) -> None:
    """Take the submitted ones among attempts being deleted out of the counts, in the deleting
    transaction before their rows go: the receiver of ``quiz.core.signals.attempts_deleted``."""
    withdrawn = submitted_among(attempt_ids)
    for assignment_id in sorted(withdrawn):
        attempts, keys = withdrawn[assignment_id]
        _shift(assignment_id, attempts, keys, -1)


def rebuild(assignment_id: int) -> None:
    """Count the assignment's submitted attempts again from their responses, and commit."""
    db.session.execute(  # first, as every change does: takes the assignment's row lock
        sa.update(Assignment)
        .where(Assignment.id == assignment_id)
        .values(counted_attempts=0)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(sa.delete(ItemCount).where(ItemCount.assignment_id == assignment_id))
    submitted = (Attempt.assignment_id == assignment_id) & Attempt.submitted_at.is_not(None)
    attempts = db.session.execute(sa.select(Attempt.id, Attempt.item_ids).where(submitted)).all()
    credits: dict[int, dict[str, float]] = defaultdict(dict)
    # Core rows, streamed in partitions: a million responses without a million ORM rows.
    result = db.session.connection().execute(
        sa.select(Response.attempt_id, Response.item_id, Response.credit)
        .join(Attempt, Attempt.id == Response.attempt_id)
        .where(submitted)
        .execution_options(stream_results=True)
    )
    for part in result.partitions(20_000):
        for attempt_id, item_id, credit in part:
            credits[attempt_id][item_id] = credit
    keys: Counter[Key] = Counter()
    for attempt_id, item_ids in attempts:
        keys.update(attempt_keys(item_ids, credits.pop(attempt_id, {})))
    _shift(assignment_id, len(attempts), keys, 1)
    db.session.commit()


def _submitted(assignment_id: int) -> int:
    return int(
        db.session.scalar(
            sa.select(sa.func.count()).where(
                Attempt.assignment_id == assignment_id, Attempt.submitted_at.is_not(None)
            )
        )
        or 0
    )


def credit_groups(assignment: Assignment) -> tuple[list[Group], int]:
    """The assignment's counts as groups for ``quiz.analysis.analyse_groups``, and how many
    submitted attempts they describe (rebuilt first when that number is out of date)."""
    submitted = _submitted(assignment.id)
    if submitted != assignment.counted_attempts:
        rebuild(assignment.id)
    rows = db.session.execute(
        sa.select(
            ItemCount.item_id, ItemCount.credit, ItemCount.total, ItemCount.presented, ItemCount.n
        ).where(ItemCount.assignment_id == assignment.id, ItemCount.n > 0)
    )
    return [tuple(row) for row in rows], submitted
