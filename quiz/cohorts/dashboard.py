"""The class dashboard of an assignment: one row per student, a requirement × student heatmap,
the weakest requirements, the readiness distribution, percentiles and progress over time.

Every function here runs a fixed number of queries whatever the class size: members, attempts
and the summaries of the newest reports are each loaded in one query (``classlist``), as plain
rows rather than ORM entities and full reports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from itertools import repeat
from operator import is_not, lt
from typing import Any, cast

import sqlalchemy as sa
from flask import current_app

from quiz.attempts import ending
from quiz.cohorts.classlist import (
    Member,
    Sitting,
    members,
    requirements_of,
    sittings_by_user,
    summaries,
    summary_of,
)
from quiz.cohorts.status import status_of
from quiz.core.downloads import csv_text
from quiz.extensions import db
from quiz.models import Accommodation, Assignment, Attempt, Cohort

BINS = [(0, 20), (20, 40), (40, 60), (60, 80), (80, 101)]
NEAR = 15  # points below target that count as "near" in the heatmap


@dataclass(frozen=True)
class StudentRow:
    """One student on the dashboard."""

    member: Member
    status: str
    attempt: Sitting | None  # the newest submitted attempt
    data: dict[str, Any] | None  # its report's summary (readiness, overall, cells)
    cells: dict[str, float | None] = field(default_factory=dict)  # requirement → mastery mean


@dataclass(frozen=True)
class Weak:
    """A requirement where the class stands furthest below the target."""

    id: str
    title: str
    target: int
    mean: float
    below: int  # students below the target
    assessed: int
    resources: list[dict[str, str]]


@dataclass(frozen=True)
class HeatArea:
    """An area's columns of the heatmap: the requirements some student was assessed on."""

    title: str
    requirements: list[dict[str, Any]]


def heat_areas(rows: list[StudentRow], requirements: list[dict[str, Any]]) -> list[HeatArea]:
    """The heatmap's columns: only requirements assessed for some submitted student, grouped
    by area in report order (a 20-question check assesses a third of a profile)."""
    assessed = {req for r in rows if r.data for req, v in r.cells.items() if v is not None}
    out: list[HeatArea] = []
    for req in requirements:
        if req["id"] not in assessed:
            continue
        group = next((g for g in out if g.title == req["area_title"]), None)
        if group is None:
            group = HeatArea(req["area_title"], [])
            out.append(group)
        group.requirements.append(req)
    return out


@dataclass(frozen=True)
class Dashboard:
    """Everything the dashboard page and its CSV show."""

    assignment: Assignment
    rows: list[StudentRow]
    requirements: list[dict[str, Any]]  # id, title, target of the profile, in report order
    weakest: list[Weak]
    distribution: list[tuple[str, int]]
    submitted: int
    heat: list[HeatArea] = field(default_factory=list)

    @property
    def aggregates_shown(self) -> bool:
        """Class aggregates appear from the first submission: staff see every student's
        numbers in the table anyway (students' percentiles keep a minimum group size)."""
        return self.submitted >= 1


def _own_due_dates(assignment: Assignment) -> dict[int, datetime]:
    """Member id → their own due date on the assignment (one query)."""
    found = db.session.execute(
        sa.select(Accommodation.member_id, Accommodation.due_at).where(
            Accommodation.assignment_id == assignment.id, Accommodation.due_at.is_not(None)
        )
    ).all()
    return {member_id: due for member_id, due in found if due is not None}


def _rows(assignment: Assignment, members: list[Member]) -> list[StudentRow]:
    attempts = sittings_by_user([assignment.id])
    reports = summaries([assignment.id])
    own_due = _own_due_dates(assignment)
    rows = []
    for member in members:
        mine = attempts.get((assignment.id, member.user_id or 0), []) if member.user_id else []
        done = [a for a in mine if a.is_submitted]
        attempt = done[-1] if done and member.withdrawn_at is None else None
        data = reports.get(attempt.id) if attempt else None
        cells = data["cells"] if data else {}
        status = status_of(member, mine, own_due.get(member.id, assignment.due_at))
        rows.append(StudentRow(member, status, attempt if data else None, data, cells))
    return rows


def _weakest(rows: list[StudentRow], requirements: list[dict[str, Any]]) -> list[Weak]:
    ids = [req["id"] for req in requirements]
    # One column of mastery means per requirement; map, filter and zip loop in C, so a class
    # of thousands stays cheap.
    columns = zip(*[list(map(r.cells.get, ids)) for r in rows if r.data], strict=True)
    out = []
    for req, column in zip(requirements, columns, strict=False):
        scored = cast(list[float], list(filter(_assessed, column)))
        if not scored:
            continue
        mean = sum(scored) / len(scored)
        below = sum(map(lt, scored, repeat(req["target"])))
        out.append(
            Weak(req["id"], req["title"], req["target"], mean, below, len(scored), req["resources"])
        )
    out.sort(key=lambda w: (w.mean - w.target, w.id))
    return [w for w in out if w.mean < w.target][:5]


_assessed = partial(is_not, None)


def _distribution(rows: list[StudentRow]) -> list[tuple[str, int]]:
    values = [r.data["readiness"]["mean"] for r in rows if r.data]
    return [
        (f"{low}–{min(high, 100)}%", sum(1 for v in values if low <= v < high))
        for low, high in BINS
    ]


def build(assignment: Assignment) -> Dashboard:
    """The dashboard of ``assignment``; attempts whose deadline passed are closed first, so
    their results are in it."""
    ending.close_overdue(Attempt.assignment_id == assignment.id)
    rows = _rows(assignment, members(assignment.cohort_id))
    first = next((r.attempt for r in rows if r.attempt), None)
    requirements = requirements_of(first.id) if first else []
    return Dashboard(
        assignment=assignment,
        rows=rows,
        requirements=requirements,
        weakest=_weakest(rows, requirements),
        distribution=_distribution(rows),
        submitted=sum(1 for r in rows if r.data),
        heat=heat_areas(rows, requirements),
    )


def to_csv(board: Dashboard) -> str:
    """One line per student: status, readiness with interval, overall, each requirement
    (``quiz.core.downloads``: every cell guarded against formulas)."""
    req_ids = [r["id"] for r in board.requirements]
    header = ["name", "email", "status", "submitted_at", "readiness", "low", "high", "overall"]
    return csv_text([*header, *req_ids], (_csv_row(row, req_ids) for row in board.rows))


def _csv_row(row: StudentRow, req_ids: list[str]) -> list[str | float | None]:
    r = row.data["readiness"] if row.data else {}
    submitted = row.attempt.submitted_at if row.attempt else None
    return [
        row.member.name,
        row.member.email,
        row.status,
        submitted.isoformat() if submitted else None,
        r.get("mean"),
        r.get("low"),
        r.get("high"),
        row.data["overall"]["percent"] if row.data else None,
        *[row.cells.get(i) for i in req_ids],
    ]


@dataclass(frozen=True)
class Percentile:
    """A student's standing in the cohort on one assignment, or why it is hidden."""

    percent: float | None
    submitted: int
    threshold: int
    cohort_name: str


def percentile_for(attempt: Attempt) -> Percentile | None:
    """The percentile of ``attempt``'s readiness among the cohort's newest submissions."""
    if attempt.assignment_id is None:
        return None
    assignment = db.session.get(Assignment, attempt.assignment_id)
    if assignment is None:
        return None
    rows = _rows(assignment, members(assignment.cohort_id))
    values = [r.data["readiness"]["mean"] for r in rows if r.data]
    threshold = current_app.config["COHORT_MIN_SUBMITTED"]
    cohort = db.session.get(Cohort, assignment.cohort_id)
    name = cohort.name if cohort else ""
    mine = summary_of(attempt.id)
    if len(values) < threshold or mine is None:
        return Percentile(None, len(values), threshold, name)
    value = mine["readiness"]["mean"]
    below = sum(1 for v in values if v < value)
    ties = sum(1 for v in values if v == value)
    return Percentile(100 * (below + ties / 2) / len(values), len(values), threshold, name)


def report_percentile(attempt: Attempt, **_: object) -> dict[str, Any] | None:
    """The cohort percentile for the owner's report page: the receiver of
    ``quiz.core.signals.report_shown``; None outside an assignment."""
    found = percentile_for(attempt)
    return {"percentile": found} if found is not None else None


@dataclass(frozen=True)
class Progress:
    """Each student's readiness across the cohort's assignments, oldest assignment first."""

    assignments: list[Assignment]
    rows: list[tuple[Member, list[float | None]]]


def progress(cohort: Cohort) -> Progress:
    """Readiness of each student on each assignment (None: not submitted or withdrawn)."""
    assignments = list(
        db.session.scalars(
            sa.select(Assignment)
            .where(Assignment.cohort_id == cohort.id)
            .order_by(Assignment.opens_at, Assignment.id)
        )
    )
    roster = members(cohort.id)
    ids = [a.id for a in assignments]
    attempts = sittings_by_user(ids)
    latest = {
        key: done[-1]
        for key, found in attempts.items()
        if (done := [a for a in found if a.is_submitted])
    }
    reports = summaries(ids)
    rows = []
    for member in roster:
        values: list[float | None] = []
        for a in assignments:
            attempt = (
                latest.get((a.id, member.user_id or 0)) if member.withdrawn_at is None else None
            )
            data = reports.get(attempt.id) if attempt else None
            values.append(data["readiness"]["mean"] if data else None)
        rows.append((member, values))
    return Progress(assignments, rows)
