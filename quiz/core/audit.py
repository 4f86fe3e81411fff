"""The audit logs: who opened a candidate's report (listed for the candidate on their account
page and for site admins); the staff actions that changed an organisation, its cohorts and
assignments (``record_change``, listed to the organisation's owners); and ``record``, one line
per change of state that no other log holds (position edits, candidates' choices, webhook tests
and deletions). No routes here.

Instructors' views of a student's report are recorded by the cohorts blueprint; a recruiter's
view of a candidate's report calls ``record_report_view`` the same way, with role
``recruiter`` and the position as the context.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from quiz.extensions import db
from quiz.models import (
    Attempt,
    AuditEntry,
    Membership,
    Organisation,
    OrgAudit,
    ReportView,
    User,
)
from quiz.models.base import utcnow

ADMIN_PAGE_SIZE = 100


@dataclass(frozen=True)
class ViewContext:
    """Why the viewer could see the report: their organisation and what they opened it from."""

    organisation: Organisation
    description: str  # e.g. "Week 1 check, Spring cohort"


def record(
    action: str,
    subject: str,
    *,
    actor: User | None = None,
    actor_name: str = "",
    organisation_id: int | None = None,
    detail: str = "",
) -> AuditEntry:
    """Add one audit line to the session (the caller commits with the change it records)."""
    name = (actor.name or actor.email) if actor is not None else (actor_name or "anonymous")
    entry = AuditEntry(
        organisation_id=organisation_id,
        actor_id=actor.id if actor is not None else None,
        actor_name=name[:120],
        action=action[:48],
        subject=subject[:64],
        detail=detail,
        at=utcnow(),
    )
    db.session.add(entry)
    return entry


def entries_for(subject: str) -> list[AuditEntry]:
    """The audit lines about ``subject`` ("position:12"), oldest first."""
    return list(
        db.session.scalars(
            sa.select(AuditEntry).where(AuditEntry.subject == subject).order_by(AuditEntry.id)
        )
    )


def role_in(organisation_id: int, user_id: int) -> str:
    """The user's role in the organisation ("owner", "instructor", "recruiter"), or "member"."""
    role = db.session.scalar(
        sa.select(Membership.role).where(
            Membership.organisation_id == organisation_id, Membership.user_id == user_id
        )
    )
    return role or "member"


def record_report_view(attempt: Attempt, viewer: User, context: ViewContext) -> ReportView | None:
    """Log that ``viewer`` opened ``attempt``'s report; a candidate's own view is not logged."""
    if attempt.user_id == viewer.id:
        return None
    org = context.organisation
    row = ReportView(
        attempt_id=attempt.id,
        viewer_id=viewer.id,
        viewer_name=viewer.name,
        role=role_in(org.id, viewer.id),
        organisation_id=org.id,
        organisation_name=org.name,
        context=context.description[:255],
        at=utcnow(),
    )
    db.session.add(row)
    db.session.commit()
    return row


def views_of_candidate(user_id: int, limit: int | None = 50) -> list[ReportView]:
    """The newest views of any report of ``user_id``'s attempts (all of them: ``limit=None``)."""
    query = (
        sa.select(ReportView)
        .join(Attempt, Attempt.id == ReportView.attempt_id)
        .where(Attempt.user_id == user_id)
        .order_by(ReportView.at.desc(), ReportView.id.desc())
    )
    return list(db.session.scalars(query if limit is None else query.limit(limit)))


def as_export(view: ReportView) -> dict[str, str | None]:
    """A view as plain data for the candidate's data export."""
    return {
        "at": view.at.isoformat(),
        "viewer": view.viewer_name,
        "role": view.role,
        "organisation": view.organisation_name,
        "report": view.context,
    }


@dataclass(frozen=True)
class AuditRow:
    """A view with the candidate it was about, for the admin page."""

    view: ReportView
    candidate: str


def all_views(page: int = 1) -> tuple[list[AuditRow], bool]:
    """One page of every report view, newest first, and whether an older page exists."""
    page = max(1, page)
    found = db.session.execute(
        sa.select(ReportView, User.name, User.email)
        .join(Attempt, Attempt.id == ReportView.attempt_id)
        .outerjoin(User, User.id == Attempt.user_id)
        .order_by(ReportView.at.desc(), ReportView.id.desc())
        .offset((page - 1) * ADMIN_PAGE_SIZE)
        .limit(ADMIN_PAGE_SIZE + 1)
    ).all()
    rows = [
        AuditRow(view, f"{name} <{email}>" if name else "(anonymous attempt)")
        for view, name, email in found[:ADMIN_PAGE_SIZE]
    ]
    return rows, len(found) > ADMIN_PAGE_SIZE


def record_change(organisation_id: int, actor: User, action: str, detail: str) -> OrgAudit:
    """Add a line to the organisation's audit log in the caller's transaction (the caller
    commits with the change it records)."""
    row = OrgAudit(
        organisation_id=organisation_id,
        actor_id=actor.id,
        actor_name=actor.name,
        action=action,
        detail=detail,
        created_at=utcnow(),
    )
    db.session.add(row)
    return row


def changes_of(organisation_id: int, limit: int = 50) -> list[OrgAudit]:
    """The organisation's newest audit lines."""
    return list(
        db.session.scalars(
            sa.select(OrgAudit)
            .where(OrgAudit.organisation_id == organisation_id)
            .order_by(OrgAudit.id.desc())
            .limit(limit)
        )
    )
