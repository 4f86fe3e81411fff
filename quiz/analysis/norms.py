"""A candidate's typical time per item beside the norms of the position's other candidates.

Within one attempt (``quiz.analysis.integrity``) a candidate who answers every item in under a
second looks uniform, so nothing is marked. Across a position's candidates it stands out: the
candidate's median time per item is compared with the other candidates' medians by the same
robust z-score on the log scale,

    z = (ln m − median(ln m_peers)) / max(1.4826 · MAD(ln m_peers), MIN_SCALE)

and marked "fast" or "slow" beyond ``THRESHOLD``, once at least ``MIN_PEERS`` other
candidates have a timed attempt. Context, never a verdict (docs/integrity.md).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from quiz.analysis.integrity import MAD_TO_SD, MIN_SCALE, THRESHOLD

MIN_PEERS = 5


@dataclass(frozen=True)
class Norm:
    """The peers' typical time per item and where this attempt's stands."""

    peers: int
    peer_median_seconds: float | None  # None below MIN_PEERS
    z: float | None
    label: str | None  # "fast", "slow" or None


def position_norm(own_median: float | None, peer_medians: Sequence[float]) -> Norm:
    """Compare ``own_median`` (seconds per item) with the peers' medians."""
    peers = [m for m in peer_medians if m is not None]
    if len(peers) < MIN_PEERS:
        return Norm(len(peers), None, None, None)
    logs = [math.log(max(m, 1.0)) for m in peers]
    centre = statistics.median(logs)
    scale = max(MAD_TO_SD * statistics.median(abs(v - centre) for v in logs), MIN_SCALE)
    typical = round(math.exp(centre), 1)
    if own_median is None:
        return Norm(len(peers), typical, None, None)
    z = round((math.log(max(own_median, 1.0)) - centre) / scale, 2)
    label = "fast" if z <= -THRESHOLD else "slow" if z >= THRESHOLD else None
    return Norm(len(peers), typical, z, label)
