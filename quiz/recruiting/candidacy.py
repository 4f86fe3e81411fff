"""The candidate's side: consent or decline, take the assessment or attach an existing report,
see which positions hold their results, and withdraw."""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import selectinload

from quiz.attempts.taking import start_attempt
from quiz.core import audit
from quiz.core.content import current_content
from quiz.extensions import db
from quiz.models import Attempt, Invitation, Position, User
from quiz.models.base import utcnow
from quiz.recruiting import events
from quiz.recruiting.positions import attempt_plan
from quiz.recruiting.status import DECLINED, EXPIRED, STATUSES, WITHDRAWN, invitation_status
from quiz.reports import sharing

_SHARE_TOKEN = re.compile(r"(?:/shared/)?([A-Za-z0-9_-]{16,64})/?$")


def closed_reason(invitation: Invitation) -> str | None:
    """Why the invitation's link can no longer be used, or None while it can."""
    status = invitation_status(invitation, utcnow())
    if status == EXPIRED:
        return (
            "This invitation has expired. Ask the recruiter for a new one "
            "if you still want to take part."
        )
    if status == DECLINED and (
        invitation.position.closed_at is not None or utcnow() >= invitation.expires_at
    ):
        return "You declined this invitation, and it has ended."
    if status == WITHDRAWN:
        return "You withdrew from this position; your results are no longer shared."
    if invitation.position.closed_at is not None and invitation.consented_at is None:
        return "This position is closed and takes no new candidates."
    return None


def claim(invitation: Invitation, user: User) -> str | None:
    """Bind the invitation to ``user``'s account, or say why it cannot be."""
    if invitation.user_id is not None:
        return (
            None if invitation.user_id == user.id else "This invitation belongs to another account."
        )
    other = db.session.scalar(
        sa.select(Invitation.id).where(
            Invitation.position_id == invitation.position_id, Invitation.user_id == user.id
        )
    )
    if other is not None:
        return "You already hold another invitation to this position; use the link you got first."
    invitation.user_id = user.id
    adopt_name(invitation, user)
    return None


def adopt_name(invitation: Invitation, user: User) -> None:
    """An invitation named after its address's local part (a pasted list has no names)
    takes the name the candidate gave their account."""
    local = (invitation.email or "").split("@")[0]
    if user.name and invitation.name == local:
        invitation.name = user.name[:120]


def identity_conflict(invitation: Invitation, user: User | None) -> bool:
    """Whether a signed-in account opens an emailed invitation sent to another address, so
    the candidate must say which identity takes it."""
    return (
        user is not None
        and invitation.user_id is None
        and invitation.email is not None
        and invitation.email.lower() != user.email.lower()
    )


def consent_and_start(invitation: Invitation, user: User | None) -> Attempt | str:
    """Record consent and start (or resume) the attempt for the position; or say why not.

    ``user`` is the account taking it, or None to take it through the link alone (the
    attempt is bound to this browser, as every attempt is, and to the invitation).
    """
    problem = closed_reason(invitation)
    if problem is None and user is not None:
        problem = claim(invitation, user)
    elif problem is None and invitation.user_id is not None and invitation.attempt is None:
        problem = "This invitation is tied to an account: log in to take it."
    if problem:
        db.session.rollback()
        return problem
    if invitation.shared_attempt_id is not None:
        return "You already attached a report to this invitation."
    if invitation.attempt is not None:
        return invitation.attempt
    position = invitation.position
    content = current_content()
    if position.profile_id not in content.profiles:
        return "This position's assessment is no longer offered; ask the recruiter."
    _consent(invitation)
    invitation.position_version = position.version
    db.session.commit()
    attempt = start_attempt(attempt_plan(position, content, current_app.config["QUIZ_LENGTH"]))
    attempt.user_id = user.id if user is not None else None
    invitation.attempt_id = attempt.id
    db.session.commit()
    return attempt


def allow_answers(invitation: Invitation) -> str | None:
    """The candidate agrees that the recruiter may also read their individual answers (the
    position asks for it since they consented); None on success."""
    if invitation.consented_at is None or invitation.withdrawn_at is not None:
        return "Consent to the invitation first."
    if not invitation.position.answers_visible:
        return "This position does not ask for your individual answers."
    if not invitation.answers_consented:
        invitation.answers_consented = True
        candidate_audit(
            invitation, "invitation.answers_consented", "Agreed to show individual answers."
        )
        db.session.commit()
    return None


def _consent(invitation: Invitation) -> None:
    """Record consent once, with what the candidate agreed the recruiter may see."""
    if invitation.declined_at is not None:
        invitation.declined_at = None
        candidate_audit(invitation, "invitation.reopened", "Accepted after declining.")
    if invitation.consented_at is None:
        invitation.consented_at = utcnow()
        invitation.answers_consented = invitation.position.answers_visible
        shares = "scores and answers" if invitation.answers_consented else "scores only"
        candidate_audit(invitation, "invitation.consented", f"Consented ({shares}).")


def candidate_audit(invitation: Invitation, action: str, detail: str) -> None:
    """An audit line for the candidate's own choice on ``invitation``."""
    audit.record(
        action,
        f"invitation:{invitation.id}",
        actor=invitation.user,
        actor_name=invitation.name,
        organisation_id=invitation.position.organisation_id,
        detail=detail,
    )


def decline(invitation: Invitation) -> str | None:
    """End the invitation at the candidate's request; a consented one is withdrawn instead."""
    problem = closed_reason(invitation)
    if problem:
        return problem
    if invitation.declined_at is not None:
        return None
    if invitation.consented_at is not None:
        return "You already consented; withdraw from your account page instead."
    invitation.declined_at = utcnow()
    candidate_audit(invitation, "invitation.declined", "Declined the invitation.")
    db.session.commit()
    return None


def shared_attempt(url: str, user: User) -> Attempt | str:
    """The submitted attempt behind a share URL, if it is ``user``'s own; else why not."""
    match = _SHARE_TOKEN.search(url.strip().split("?")[0].split("#")[0])
    if match is None:
        return "Paste the share link of your report (it contains /shared/)."
    link = sharing.by_token(match.group(1))
    attempt = db.session.get(Attempt, link.attempt_id) if link is not None else None
    if link is None or attempt is None or attempt.user_id != user.id:
        return "No report of yours has this share link. Copy it from your report's page."
    if not link.is_active(utcnow()):
        return "This share link is revoked or expired; create a new one on your report's page."
    if not attempt.is_submitted:
        return "This report's attempt is not submitted yet."
    return attempt


def attach(invitation: Invitation, user: User, url: str) -> str | None:
    """Consent and attach an existing report through its share link; None on success."""
    problem = closed_reason(invitation) or claim(invitation, user)
    if problem is None and invitation.attempt_id is not None:
        problem = "You already started the assessment for this position."
    found = shared_attempt(url, user) if problem is None else problem
    if isinstance(found, str):
        db.session.rollback()
        return found
    invitation.shared_attempt_id = found.id
    _consent(invitation)
    invitation.position_version = invitation.position.version
    db.session.commit()
    events.queue_attached(invitation)
    return None


def withdraw(invitation: Invitation) -> None:
    """Take the candidate's results back: the recruiter sees "withdrawn" and no scores."""
    if invitation.withdrawn_at is None:
        invitation.withdrawn_at = utcnow()
        candidate_audit(invitation, "invitation.withdrawn", "Withdrew from the position.")
        db.session.commit()
        events.queue_withdrawn(invitation)


@dataclass(frozen=True)
class Held:
    """A position that holds (or may hold) the candidate's results."""

    invitation: Invitation
    organisation: str
    position: str
    status: str
    status_label: str


def held_by(user_id: int) -> list[Held]:
    """Every invitation the account has accepted, newest first, with its status."""
    found = db.session.scalars(
        sa.select(Invitation)
        .where(Invitation.user_id == user_id)
        .options(selectinload(Invitation.position).selectinload(Position.organisation))
        .order_by(Invitation.id.desc())
    ).all()
    now = utcnow()
    out = []
    for inv in found:
        status = invitation_status(inv, now)
        out.append(
            Held(inv, inv.position.organisation.name, inv.position.title, status, STATUSES[status])
        )
    return out
