"""What a company's webhooks hear about its candidates, and when.

Every body about a candidate names the position (id, title, version), the invitation and the
candidate (``candidate.id`` is the id of the candidate's page, the invitation id; an account
id only when the candidate has an account). ``attempt.submitted`` carries the readiness of the
pipeline row (``quiz.recruiting.pipeline``), computed against the position's own
requirements, weights and targets, so the page, the CSV, the API and the webhook agree.
A report the candidate attaches sends ``attempt.submitted`` too.
``invitation.withdrawn`` is sent when a candidate withdraws, ``invitation.expired`` by
``flask recruiting notify-expired`` for each invitation whose link ran out unused. Each is
sent once per invitation and webhook.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from quiz.extensions import db
from quiz.models import Attempt, Invitation, WebhookDelivery
from quiz.models.base import utcnow
from quiz.models.webhooks import ATTEMPT_SUBMITTED, INVITATION_EXPIRED, INVITATION_WITHDRAWN
from quiz.recruiting.pipeline import load_rows
from quiz.recruiting.status import invitation_status
from quiz.webhooks.delivery import hooks_of, new_delivery, send_all


def invitation_payload(invitation: Invitation, now: datetime) -> dict[str, Any]:
    """Position, invitation and candidate of a body about one candidate."""
    position = invitation.position
    return {
        "position": {"id": position.id, "title": position.title, "version": position.version},
        "invitation": {
            "id": invitation.id,
            "status": invitation_status(invitation, now),
            "position_version": invitation.position_version,
        },
        "candidate": {
            "id": invitation.id,
            "name": invitation.name,
            "email": invitation.email,
            "account_id": invitation.user_id,
        },
    }


def submitted_payloads(attempt: Attempt) -> Iterable[tuple[int, int, dict[str, Any]]]:
    """(organisation, invitation, body) of ``attempt.submitted`` for each position the
    attempt was taken for with the candidate's consent."""
    invitations = db.session.scalars(
        sa.select(Invitation).where(
            Invitation.attempt_id == attempt.id,
            Invitation.consented_at.is_not(None),
            Invitation.withdrawn_at.is_(None),
            Invitation.declined_at.is_(None),
        )
    ).all()
    now = utcnow()
    for inv in invitations:
        yield inv.position.organisation_id, inv.id, _submitted(inv, attempt, now)


def _submitted(inv: Invitation, attempt: Attempt, now: datetime) -> dict[str, Any]:
    """The body of ``attempt.submitted`` for one invitation: the pipeline row's readiness."""
    (row,) = load_rows(inv.position, now, [inv.id])
    submitted = attempt.submitted_at.isoformat() if attempt.submitted_at else None
    report = {
        "scored_against": "position",
        "profile": {"id": inv.position.profile_id},
        "readiness": dataclasses.asdict(row.readiness) if row.readiness else None,
        "top_gaps": list(row.gaps),
    }
    return invitation_payload(inv, now) | {
        "attempt": {"id": attempt.id, "submitted_at": submitted},
        "report": report,
    }


def queue_attached(invitation: Invitation) -> int:
    """``attempt.submitted`` for a report the candidate attached (it was submitted before,
    so no submission signal tells the company's webhooks)."""
    attempt = invitation.shared_attempt
    if attempt is None:
        return 0
    done = _sent(invitation.id, ATTEMPT_SUBMITTED)
    payload = _submitted(invitation, attempt, utcnow())
    rows = [
        new_delivery(
            hook, ATTEMPT_SUBMITTED, payload, attempt_id=attempt.id, invitation_id=invitation.id
        )
        for hook in hooks_of([invitation.position.organisation_id])
        if hook.id not in done
    ]
    return send_all(rows)


def _sent(invitation_id: int, event: str) -> set[int]:
    return set(
        db.session.scalars(
            sa.select(WebhookDelivery.webhook_id).where(
                WebhookDelivery.invitation_id == invitation_id, WebhookDelivery.event == event
            )
        )
    )


def queue_invitation_event(invitation: Invitation, event: str) -> int:
    """Queue ``event`` about ``invitation`` to each webhook of its company that has not had
    it; returns how many were queued."""
    done = _sent(invitation.id, event)
    payload = invitation_payload(invitation, utcnow())
    rows = [
        new_delivery(hook, event, payload, invitation_id=invitation.id)
        for hook in hooks_of([invitation.position.organisation_id])
        if hook.id not in done
    ]
    return send_all(rows)


def queue_withdrawn(invitation: Invitation) -> int:
    """``invitation.withdrawn`` for a candidate who took their results back."""
    return queue_invitation_event(invitation, INVITATION_WITHDRAWN)


def queue_expired(now: datetime) -> int:
    """``invitation.expired`` for every invitation whose link ran out unused and whose
    company has a webhook that has not heard of it; returns how many were queued."""
    notified = sa.select(WebhookDelivery.invitation_id).where(
        WebhookDelivery.event == INVITATION_EXPIRED, WebhookDelivery.invitation_id.is_not(None)
    )
    found = db.session.scalars(
        sa.select(Invitation).where(
            Invitation.expires_at <= now,
            Invitation.attempt_id.is_(None),
            Invitation.shared_attempt_id.is_(None),
            Invitation.declined_at.is_(None),
            Invitation.withdrawn_at.is_(None),
            Invitation.id.not_in(notified),
        )
    ).all()
    return sum(queue_invitation_event(inv, INVITATION_EXPIRED) for inv in found)
