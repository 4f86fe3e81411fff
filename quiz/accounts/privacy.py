"""A person's own data: export everything as one JSON document, or delete the account.

Deleting removes the account, its attempts, answers, reports and share links. Cohort rosters
keep a line for the student, marked withdrawn, with no scores.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from quiz.attempts import ending
from quiz.core import audit
from quiz.extensions import db
from quiz.models import (
    ApiToken,
    Attempt,
    CohortMember,
    Invitation,
    Membership,
    PendingSignup,
    ReportSnapshot,
    ShareLink,
    User,
)
from quiz.models.base import utcnow
from quiz.recruiting.candidacy import held_by


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _attempt(attempt: Attempt, reports: list[ReportSnapshot], links: list[ShareLink]) -> Any:
    return {
        "token": attempt.token,
        "profile_id": attempt.profile_id,
        "mode": attempt.mode,
        "bank_version": attempt.bank_version,
        "assignment_id": attempt.assignment_id,
        "started_at": _iso(attempt.started_at),
        "submitted_at": _iso(attempt.submitted_at),
        "qualifications": attempt.qualifications,
        "self_ratings": attempt.self_ratings,
        "items": attempt.item_ids,
        "answers": [
            {
                "item": r.item_id,
                "answer": r.answer,
                "credit": r.credit,
                "answered_at": _iso(r.answered_at),
            }
            for r in attempt.responses
        ],
        "reports": [
            {"created_at": _iso(s.created_at), "reason": s.reason, "data": s.data} for s in reports
        ],
        "share_links": [
            {
                "created_at": _iso(s.created_at),
                "expires_at": _iso(s.expires_at),
                "revoked_at": _iso(s.revoked_at),
                "views": s.view_count,
            }
            for s in links
        ],
    }


def export_data(user: User) -> dict[str, Any]:
    """Everything stored about ``user``: account, memberships, cohorts, attempts, reports and
    API tokens (without their secrets)."""
    attempts = list(
        db.session.scalars(
            sa.select(Attempt)
            .where(Attempt.user_id == user.id)
            .options(selectinload(Attempt.responses))
            .order_by(Attempt.started_at)
        )
    )
    ids = [a.id for a in attempts]
    reports = db.session.scalars(
        sa.select(ReportSnapshot).where(ReportSnapshot.attempt_id.in_(ids))
    ).all()
    links = db.session.scalars(sa.select(ShareLink).where(ShareLink.attempt_id.in_(ids))).all()
    memberships = db.session.scalars(
        sa.select(Membership)
        .where(Membership.user_id == user.id)
        .options(selectinload(Membership.organisation))
    ).all()
    cohorts = db.session.scalars(
        sa.select(CohortMember)
        .where(CohortMember.user_id == user.id)
        .options(selectinload(CohortMember.cohort))
    ).all()
    tokens = db.session.scalars(
        sa.select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id)
    ).all()
    return {
        "account": {
            "email": user.email,
            "name": user.name,
            "created_at": _iso(user.created_at),
            "is_admin": user.is_admin,
        },
        "memberships": [
            {"organisation": m.organisation.name, "kind": m.organisation.kind, "role": m.role}
            for m in memberships
        ],
        "cohorts": [
            {"cohort": c.cohort.name, "joined_at": _iso(c.joined_at), "name_on_roster": c.name}
            for c in cohorts
        ],
        "attempts": [
            _attempt(
                a,
                [r for r in reports if r.attempt_id == a.id],
                [s for s in links if s.attempt_id == a.id],
            )
            for a in attempts
        ],
        "report_views": [audit.as_export(v) for v in audit.views_of_candidate(user.id, None)],
        "api_tokens": [_token(t) for t in tokens],
        "positions": [
            {
                "organisation": held.organisation,
                "position": held.position,
                "status": held.status,
                "invited_at": _iso(held.invitation.created_at),
                "consented_at": _iso(held.invitation.consented_at),
                "withdrawn_at": _iso(held.invitation.withdrawn_at),
            }
            for held in held_by(user.id)
        ],
    }


def _token(token: ApiToken) -> dict[str, Any]:
    """A token as exported: never its secret or hash, only what the account page shows."""
    return {
        "name": token.name,
        "prefix": token.prefix,
        "scopes": token.scopes,
        "created_at": _iso(token.created_at),
        "expires_at": _iso(token.expires_at),
        "last_used_at": _iso(token.last_used_at),
        "revoked_at": _iso(token.revoked_at),
    }


def delete_account(user: User) -> None:
    """Remove the account and its attempts; rosters show the student as withdrawn."""
    now = utcnow()
    db.session.execute(
        sa.update(CohortMember)
        .where(CohortMember.user_id == user.id)
        .values(user_id=None, email=None, withdrawn_at=now)
    )
    db.session.execute(  # positions that held the results show the candidate as withdrawn
        sa.update(Invitation)
        .where(Invitation.user_id == user.id)
        .values(user_id=None, email=None, withdrawn_at=now)
    )
    ending.delete_attempts(sa.select(Attempt.id).where(Attempt.user_id == user.id))
    # a sign-up link still in the mail must not bring the account back
    db.session.execute(sa.delete(PendingSignup).where(PendingSignup.email == user.email))
    db.session.execute(sa.delete(ApiToken).where(ApiToken.user_id == user.id))
    db.session.delete(user)
    db.session.commit()
