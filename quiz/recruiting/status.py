"""An invitation's status, derived (never stored) from its timestamps and its attempt.

Pure: plain values in, a status out; ``invitation_status`` reads them off the models.
"""

from __future__ import annotations

from datetime import datetime

from quiz.models.recruiting import Invitation

INVITED, STARTED, SUBMITTED = "invited", "started", "submitted"
EXPIRED, DECLINED, WITHDRAWN = "expired", "declined", "withdrawn"
STATUSES = {
    INVITED: "Invited",
    STARTED: "Started",
    SUBMITTED: "Submitted",
    EXPIRED: "Expired",
    DECLINED: "Declined",
    WITHDRAWN: "Withdrawn",
}
PENDING = frozenset({INVITED})  # may still be reminded


def status_of(
    *,
    now: datetime,
    expires_at: datetime,
    declined_at: datetime | None = None,
    withdrawn_at: datetime | None = None,
    started: bool = False,
    submitted: bool = False,
) -> str:
    """The status, in order of precedence.

    withdrawn (the candidate took their results back) > declined > submitted (the attempt was
    submitted, or a report was attached) > started (an attempt is in progress; the invitation's
    expiry no longer applies to it) > expired (the link ran out unused) > invited.
    """
    if withdrawn_at is not None:
        return WITHDRAWN
    if declined_at is not None:
        return DECLINED
    if submitted:
        return SUBMITTED
    if started:
        return STARTED
    if now >= expires_at:
        return EXPIRED
    return INVITED


def invitation_status(invitation: Invitation, now: datetime) -> str:
    """``status_of`` for an invitation, from its timestamps and linked attempts."""
    attempt = invitation.attempt
    return status_of(
        now=now,
        expires_at=invitation.expires_at,
        declined_at=invitation.declined_at,
        withdrawn_at=invitation.withdrawn_at,
        started=attempt is not None,
        submitted=invitation.shared_attempt_id is not None
        or (attempt is not None and attempt.is_submitted),
    )
