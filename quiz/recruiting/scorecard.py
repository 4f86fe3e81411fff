"""One score per candidate and position: the report a recruiter (and their systems) read.

A candidate's stored report is scored on the catalog profile the attempt drew its items from.
A position has its own requirements, weights and targets, so everything a recruiter sees for a
position — the candidate page and the report embedded in it, the pipeline, the comparison, the
CSV, the API and the webhook — is read through this module: ``position_data`` turns the
stored report into the position's own report, with the readiness of
``quiz.recruiting.fit.position_readiness`` (the pipeline's figure, to the decimal).

Pure functions on plain data; no Flask, no database. See docs/recruiting.md
("One score per candidate").
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any

from quiz.recruiting.fit import Level, Wanted, levels_of, position_readiness, top_gaps
from quiz.scoring.readiness import WEIGHT_FACTOR


def _status(level: Level | None, target: int) -> str:
    """The report's status rule (``quiz.scoring.report``) on a stored level."""
    if level is None:
        return "not_assessed"
    if level.low >= target:
        return "met"
    if level.high < target:
        return "gap"
    return "uncertain"


def _rows_by_id(data: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Snapshot rows by requirement id, and by the any-of member that showed a group."""
    found: dict[str, dict[str, Any]] = {}
    for row in data.get("requirements", []):
        found.setdefault(str(row["id"]), row)
        if row.get("shown_by"):
            found.setdefault(str(row["shown_by"]["id"]), row)
    return found


def _row(
    w: Wanted, stored: Mapping[str, Any] | None, level: Level | None, title: str
) -> dict[str, Any]:
    row: dict[str, Any] = copy.deepcopy(dict(stored)) if stored else {}
    if stored is None or level is None:
        row |= {"mastery": None, "item_ids": [], "shown_by": None}
    shortfall = round(max(0.0, w.target - level.mean), 1) if level else 0.0
    row |= {
        "id": w.id,
        "title": title if stored is None or stored["id"] != w.id else stored["title"],
        "weight": w.weight,
        "target": w.target,
        "status": _status(level, w.target),
        "shortfall": shortfall,
        "impact": round(WEIGHT_FACTOR[w.weight] * shortfall, 1),
    }
    row.setdefault("area", "")
    row.setdefault("why", "")
    row.setdefault("resources", [])
    if row.get("shown_by") and row["shown_by"]["id"] == w.id:
        row["shown_by"] = None  # the member itself is the requirement here
    return row


_ORDER = {"gap": 0, "uncertain": 1, "met": 2, "not_assessed": 3}


def position_data(
    data: Mapping[str, Any],
    wanted: Sequence[Wanted],
    titles: Mapping[str, str],
    position_title: str,
) -> dict[str, Any]:
    """The stored report read against the position: only its requirements, with its weights
    and targets, its readiness, gaps and strengths; the catalog's career ladder left out."""
    ids = [w.id for w in wanted]
    levels = levels_of(data, ids)
    stored = _rows_by_id(data)
    rows = [_row(w, stored.get(w.id), levels[w.id], titles.get(w.id, w.id)) for w in wanted]
    rows.sort(key=lambda r: (_ORDER[r["status"]], -r["impact"], r["title"]))
    ready = position_readiness(levels, wanted)
    out = dict(data)
    out |= {
        "profile": {"id": (data.get("profile") or {}).get("id"), "title": position_title},
        "readiness": {
            "mean": ready.mean,
            "low": ready.low,
            "high": ready.high,
            "assessed": ready.assessed,
            "total": ready.total,
        },
        "ladder": [],
        "requirements": rows,
        "gaps": top_gaps(levels, wanted, count=len(wanted)),
        "strengths": [r["id"] for r in rows if r["status"] == "met"],
    }
    return out
