"""Report snapshots of attempts: computed once at submission and stored, never edited.

``quiz.attempts.ending`` stores the submission snapshot when an attempt ends; ``snapshot_for``
returns the newest stored snapshot; ``rescore`` is the only way a report changes, and it adds a
new snapshot graded against the current bank rather than editing one.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import defer

from quiz.attempts import qualifications
from quiz.attempts.taking import attempt_content, responses_by_item
from quiz.bank import Content, question_type
from quiz.bank.schema import ProfileRequirement
from quiz.calibrations import version_in_force
from quiz.core.content import current_content
from quiz.extensions import db
from quiz.models import Assignment, Attempt, ReportSnapshot
from quiz.models.base import utcnow
from quiz.orgbanks.sources import content_for_source
from quiz.scoring import (
    SCHEMA_VERSION,
    ItemResult,
    ProfileSpec,
    RequirementInfo,
    Target,
    alternatives_of,
    build_report,
    report_to_dict,
)

SUBMITTED = "submitted"  # at most one snapshot per attempt has this reason (a unique index)


def _target(content: Content, req_id: str, entry: ProfileRequirement) -> Target:
    if not entry.any_of:
        return Target(entry.weight, entry.target)
    first = content.requirements.get(entry.any_of[0])
    info = RequirementInfo(
        req_id,
        entry.title or req_id,
        first.area if first else "",
        entry.why or "",
        tuple(
            (f"{content.requirements[m].title}: {res.title}", str(res.url))
            for m in entry.any_of
            if m in content.requirements
            for res in content.requirements[m].resources[:1]
        ),
    )
    return Target(entry.weight, entry.target, tuple(entry.any_of), info)


def _profiles(content: Content) -> dict[str, ProfileSpec]:
    return {
        p.id: ProfileSpec(
            p.id, p.title, {r: _target(content, r, t) for r, t in p.requirements.items()}
        )
        for p in content.profiles.values()
    }


def _infos(content: Content) -> dict[str, RequirementInfo]:
    return {
        r.id: RequirementInfo(
            r.id, r.title, r.area, r.why, tuple((res.title, str(res.url)) for res in r.resources)
        )
        for r in content.requirements.values()
    }


def compute_report(attempt: Attempt, content: Content, *, regrade: bool) -> dict[str, Any]:
    """The report data of ``attempt`` against ``content``.

    With ``regrade`` the saved answers are graded again by ``content``'s items (items no longer
    in the bank are left out); otherwise the credits stored at answer time are used.
    """
    saved = responses_by_item(attempt)
    results = []
    for item_id in attempt.item_ids:
        item = content.items.get(item_id)
        if item is None:
            continue
        response = saved.get(item_id)
        credit = response.credit if response else None
        qtype = question_type(item)
        if regrade and response is not None:
            credit = qtype.grade(item, response.answer)
        results.append(
            ItemResult(
                item_id,
                content.item_area[item_id],
                tuple(item.requirements),
                item.difficulty,
                credit,
                dont_know=bool(response and response.answer.get("dont_know")),
                chance=qtype.chance(item),
            )
        )
    titles = {a.id: a.title for a in content.areas.values()}
    profiles = _profiles(content)
    report = build_report(
        results,
        profiles,
        attempt.profile_id,
        _infos(content),
        titles,
        attempt.self_ratings,
        alternatives_of(profiles.values()),
    )
    data = report_to_dict(report)
    for rung in data["ladder"]:  # chart labels that fit; the title stays for tables
        rung["short_title"] = content.profiles[rung["profile_id"]].label
    data["attempt"] = {
        "started_at": attempt.started_at.isoformat(),
        "submitted_at": attempt.submitted_at.isoformat() if attempt.submitted_at else None,
        "bank_version": content.version,
        "qualifications": [
            {"label": label, "value": value}
            for label, value in qualifications.describe(attempt.qualifications)
        ],
    }
    return data


def store_snapshot(attempt: Attempt, data: dict[str, Any], reason: str) -> ReportSnapshot:
    """Add an immutable snapshot of ``data`` for ``attempt``, pinned to its bank version and
    to the item calibration in force."""
    snapshot = ReportSnapshot(
        attempt_id=attempt.id,
        bank_version=data["attempt"]["bank_version"],
        calibration_version=version_in_force(),
        reason=reason,
        schema_version=SCHEMA_VERSION,
        data=data,
        created_at=utcnow(),
    )
    db.session.add(snapshot)
    try:
        db.session.commit()
    except IntegrityError:  # another request stored this attempt's submission report first
        db.session.rollback()
        existing = _submitted_snapshot(attempt) if reason == SUBMITTED else None
        if existing is None:
            raise
        return existing
    return snapshot


def _submitted_snapshot(attempt: Attempt) -> ReportSnapshot | None:
    return db.session.scalar(
        sa.select(ReportSnapshot).where(
            ReportSnapshot.attempt_id == attempt.id, ReportSnapshot.reason == SUBMITTED
        )
    )


def submission_snapshot(attempt: Attempt) -> ReportSnapshot:
    """Score a just-submitted attempt on its own bank version and store the result; the
    stored one when another request stored it first (at most one per attempt)."""
    return store_snapshot(
        attempt, compute_report(attempt, attempt_content(attempt), regrade=False), SUBMITTED
    )


def snapshot_for(attempt: Attempt, *, with_data: bool = True) -> ReportSnapshot:
    """The newest snapshot of a submitted attempt. Attempts end with their snapshot stored
    (``quiz.attempts.ending``); one ended without (rows loaded in bulk) gets it on first use.

    Without ``with_data`` the report JSON is loaded only when first read: a page served from
    the rendered-page cache never needs it.
    """
    query = _NEWEST_SNAPSHOT if with_data else _NEWEST_SNAPSHOT_LAZY
    snapshot = db.session.scalar(query, {"attempt_id": attempt.id})
    return snapshot if snapshot is not None else submission_snapshot(attempt)


# Built once (bound parameters): a statement built per request has its cache key computed anew.
_NEWEST_SNAPSHOT = (
    sa.select(ReportSnapshot)
    .where(ReportSnapshot.attempt_id == sa.bindparam("attempt_id"))
    .order_by(ReportSnapshot.id.desc())
    .limit(1)
)
_NEWEST_SNAPSHOT_LAZY = _NEWEST_SNAPSHOT.options(defer(ReportSnapshot.data))


def rescore(attempt: Attempt) -> ReportSnapshot:
    """Grade the attempt's answers against the current bank and store that as a new snapshot.

    Under an assignment the current bank is the assignment's source (with the organisation's
    items at their current versions), so organisation items are not dropped.
    """
    content = current_content()
    assignment = (
        db.session.get(Assignment, attempt.assignment_id) if attempt.assignment_id else None
    )
    if assignment is not None:
        content = content_for_source(assignment.cohort.organisation_id, assignment.source)
    return store_snapshot(attempt, compute_report(attempt, content, regrade=True), "rescored")
