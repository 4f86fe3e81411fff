"""Benchmarks beside a candidate's readiness: the distribution of the position's candidates
(with n), and, when enough people have taken the position's catalog profile, the percentile
among all of them; and the candidate's time per item beside the position's norms
(``quiz.analysis.norms``). Every figure is the position's own readiness (``quiz.recruiting.fit``),
so a candidate is compared on the scale the pipeline shows.

``MIN_TAKERS``: below it no percentile is shown (a percentile of a handful says little).
``MAX_TAKERS``: the newest submitted attempts the percentile is computed over.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from quiz.analysis.norms import Norm, position_norm
from quiz.attempts.integrity import integrity_context
from quiz.extensions import db
from quiz.models import Attempt, Invitation, Position
from quiz.recruiting.fit import levels_of, position_readiness, wanted_of
from quiz.recruiting.pipeline import PipelineRow, latest_snapshots

MIN_TAKERS = 20
MAX_TAKERS = 2000


@dataclass(frozen=True)
class Distribution:
    """Readiness of the position's candidates with a result: n, lowest, median, highest."""

    n: int
    low: float
    median: float
    high: float


def distribution(values: Sequence[float]) -> Distribution | None:
    """The distribution of ``values``, or None when there are none."""
    if not values:
        return None
    return Distribution(len(values), min(values), statistics.median(values), max(values))


def of_rows(rows: Sequence[PipelineRow]) -> Distribution | None:
    """The distribution of the pipeline rows' readiness (those with a visible result)."""
    return distribution([r.readiness.mean for r in rows if r.readiness is not None])


def percentile(value: float, values: Sequence[float]) -> float:
    """Share (0–100) of ``values`` below ``value``, ties counted half."""
    below = sum(1 for v in values if v < value)
    ties = sum(1 for v in values if v == value)
    return round(100.0 * (below + ties / 2) / len(values), 1) if values else 0.0


def profile_takers(position: Position) -> list[float]:
    """The position's readiness of every submitted attempt on its catalog profile (the
    newest ``MAX_TAKERS``), from each attempt's newest report."""
    ids = list(
        db.session.scalars(
            sa.select(Attempt.id)
            .where(Attempt.profile_id == position.profile_id, Attempt.submitted_at.is_not(None))
            .order_by(Attempt.id.desc())
            .limit(MAX_TAKERS)
        )
    )
    wanted = wanted_of(position.requirements)
    req_ids = [w.id for w in wanted]
    out = []
    for data in latest_snapshots(ids).values():
        ready = position_readiness(levels_of(data, req_ids), wanted)
        if ready.assessed:
            out.append(ready.mean)
    return out


@dataclass(frozen=True)
class Standing:
    """Where one candidate stands: the position's distribution, and the percentile among
    the profile's takers (None when fewer than ``MIN_TAKERS`` took it)."""

    position: Distribution | None
    percentile: float | None
    takers: int


def standing(position: Position, rows: Sequence[PipelineRow], value: float) -> Standing:
    """The benchmarks of a candidate whose readiness is ``value``."""
    takers = profile_takers(position)
    share = percentile(value, takers) if len(takers) >= MIN_TAKERS else None
    return Standing(of_rows(rows), share, len(takers))


MAX_PEERS = 200  # the newest attempts of the position its time norms are computed over


def time_norm(position: Position, attempt: Attempt) -> Norm:
    """``attempt``'s typical time per item beside the position's other candidates'."""
    ids = list(
        db.session.scalars(
            sa.select(Invitation.attempt_id)
            .join(Attempt, Attempt.id == Invitation.attempt_id)
            .where(
                Invitation.position_id == position.id,
                Attempt.submitted_at.is_not(None),
                Attempt.id != attempt.id,
            )
            .order_by(Attempt.id.desc())
            .limit(MAX_PEERS)
        )
    )
    peers = [db.session.get(Attempt, i) for i in ids]
    medians = [
        m
        for peer in peers
        if peer is not None and (m := integrity_context(peer).median_seconds) is not None
    ]
    return position_norm(integrity_context(attempt).median_seconds, medians)
