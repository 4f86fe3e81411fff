"""Time per item beside the position's norms (quiz.analysis.norms)."""

from __future__ import annotations

from quiz.analysis.norms import MIN_PEERS, position_norm

PEERS = [20.0, 22.0, 18.0, 25.0, 19.0]


def test_no_norm_below_the_minimum_of_peers() -> None:
    norm = position_norm(0.8, PEERS[: MIN_PEERS - 1])
    assert norm.peers == MIN_PEERS - 1 and norm.peer_median_seconds is None and norm.label is None


def test_uniformly_instant_answers_stand_out_beside_the_peers() -> None:
    norm = position_norm(0.8, PEERS)
    assert norm.peer_median_seconds == 20.0 and norm.label == "fast"
    assert norm.z is not None and norm.z <= -2.5


def test_a_usual_time_is_not_marked() -> None:
    norm = position_norm(21.0, PEERS)
    assert norm.label is None and norm.z is not None and abs(norm.z) < 2.5
    assert position_norm(200.0, PEERS).label == "slow"
