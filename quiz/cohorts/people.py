"""People of an organisation and its cohorts: staff invited by email (a pending membership
accepted by its link), roles changed, members removed or leaving, with the rule that an
organisation always keeps an owner; students removed from a cohort or two roster entries of
one person merged. Every change writes an audit line in its transaction.

An invitation is answered the same way whether or not the email has an account, so the form
tells nobody which addresses are registered.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import url_for

from quiz.accounts.lifecycle import normalise_email
from quiz.core import audit, mail
from quiz.extensions import db
from quiz.models import (
    Accommodation,
    Cohort,
    CohortMember,
    Membership,
    Organisation,
    StaffInvitation,
    User,
)
from quiz.models.base import utcnow
from quiz.models.orgs import OWNER, ROLES
from quiz.models.users import hash_token
from quiz.security.tokens import new_secret_token

LAST_OWNER = (
    "{name} is the last owner of {org}: make another member an owner first, so that "
    "somebody can still manage it."
)


def invite_staff(org: Organisation, email: str, role: str, inviter: User) -> str:
    """Email ``email`` a link that makes them ``role`` of ``org`` once they accept it (a newer
    invitation to the same address replaces the older one); returns the link's secret.
    Raises ``mail.QuotaExceeded`` (nothing saved) past the hourly mail quota."""
    email = normalise_email(email)
    mail.reserve(org.id, inviter.id, 1)
    token = new_secret_token()
    found = db.session.scalar(
        sa.select(StaffInvitation).where(
            StaffInvitation.organisation_id == org.id, StaffInvitation.email == email
        )
    )
    if found is None:
        found = StaffInvitation(organisation_id=org.id, email=email)
        db.session.add(found)
    found.role, found.token_hash, found.invited_by_id = role, hash_token(token), inviter.id
    found.created_at, found.accepted_at = utcnow(), None
    audit.record_change(org.id, inviter, "staff-invited", f"{email} as {ROLES[role].lower()}")
    db.session.commit()
    link = url_for("cohorts.staff_invitation", token=token, _external=True)
    mail.send(
        email,
        f"{inviter.name} invites you to teach at {org.name}",
        f"Hello,\n\n{inviter.name} invites you to join {org.name} as "
        f"{ROLES[role].lower()}. Open this link, log in or create an account, and accept:\n"
        f"{link}\n\nIf you did not expect this, ignore this email.\n",
    )
    return token


def pending_invitation(token: str) -> StaffInvitation | None:
    """The not yet accepted invitation whose link carries ``token``."""
    return db.session.scalar(
        sa.select(StaffInvitation).where(
            StaffInvitation.token_hash == hash_token(token), StaffInvitation.accepted_at.is_(None)
        )
    )


def pending_of(org: Organisation) -> list[StaffInvitation]:
    """The organisation's invitations not yet accepted, newest first."""
    return list(
        db.session.scalars(
            sa.select(StaffInvitation)
            .where(StaffInvitation.organisation_id == org.id, StaffInvitation.accepted_at.is_(None))
            .order_by(StaffInvitation.created_at.desc())
        )
    )


def _membership(org_id: int, user_id: int) -> Membership | None:
    return db.session.scalar(
        sa.select(Membership).where(
            Membership.organisation_id == org_id, Membership.user_id == user_id
        )
    )


def is_last_owner(membership: Membership) -> bool:
    owners = db.session.scalar(
        sa.select(sa.func.count(Membership.id)).where(
            Membership.organisation_id == membership.organisation_id, Membership.role == OWNER
        )
    )
    return membership.role == OWNER and int(owners or 0) <= 1


def _refusal(membership: Membership) -> str:
    return LAST_OWNER.format(name=membership.user.name, org=membership.organisation.name)


def accept(invitation: StaffInvitation, user: User) -> str | None:
    """Make ``user`` a member with the invitation's role; None, or why not."""
    found = _membership(invitation.organisation_id, user.id)
    if found is not None and invitation.role != OWNER and is_last_owner(found):
        return _refusal(found)
    if found is None:
        found = Membership(
            organisation_id=invitation.organisation_id, user_id=user.id, role=invitation.role
        )
        db.session.add(found)
    found.role = invitation.role
    invitation.accepted_at = utcnow()
    audit.record_change(
        invitation.organisation_id,
        user,
        "staff-joined",
        f"{user.name} <{user.email}> as {ROLES[invitation.role].lower()} "
        f"(invited as {invitation.email})",
    )
    db.session.commit()
    return None


def change_role(membership: Membership, role: str, actor: User) -> str | None:
    """Give a member another role; None, or why not (the last owner stays an owner)."""
    if role != OWNER and is_last_owner(membership):
        return _refusal(membership)
    membership.role = role
    audit.record_change(
        membership.organisation_id,
        actor,
        "role-changed",
        f"{membership.user.name} <{membership.user.email}> is now {ROLES[role].lower()}",
    )
    db.session.commit()
    return None


def remove_member(membership: Membership, actor: User) -> str | None:
    """Take a member out of the organisation (or let them leave); None, or why not."""
    if is_last_owner(membership):
        return _refusal(membership)
    user = membership.user
    action = "member-left" if user.id == actor.id else "member-removed"
    audit.record_change(membership.organisation_id, actor, action, f"{user.name} <{user.email}>")
    db.session.delete(membership)
    db.session.commit()
    return None


def remove_student(member: CohortMember, actor: User) -> None:
    """Take a student off the roster; their attempts stay in their own history."""
    cohort = member.cohort
    audit.record_change(
        cohort.organisation_id,
        actor,
        "student-removed",
        f"{cohort.name}: {member.name} <{member.email or 'no email'}>",
    )
    db.session.delete(member)
    db.session.commit()


def merge_refusal(one: CohortMember, other: CohortMember) -> str | None:
    """Why two roster entries cannot be merged, if they cannot."""
    if one.id == other.id:
        return "Choose another entry of the roster."
    if one.user_id is not None and other.user_id is not None:
        return (
            f"{one.name} and {other.name} both joined with an account: they are two accounts, "
            "so they cannot be merged. Remove the one that should not be on the roster."
        )
    return None


def merge_students(one: CohortMember, other: CohortMember, actor: User) -> CohortMember:
    """Merge two roster entries of one person (the caller checked ``merge_refusal``): the
    entry with an account stays (else ``one``), keeping the other's invitation date and, where
    it has none, its per-assignment settings; the other entry goes."""
    keep, drop = (other, one) if other.user_id is not None else (one, other)
    if keep.invited_at is None:
        keep.invited_at = drop.invited_at
    mine = set(
        db.session.scalars(
            sa.select(Accommodation.assignment_id).where(Accommodation.member_id == keep.id)
        )
    )
    for accommodation in db.session.scalars(
        sa.select(Accommodation).where(Accommodation.member_id == drop.id)
    ).all():
        if accommodation.assignment_id not in mine:
            accommodation.member_id = keep.id
    cohort: Cohort = keep.cohort
    audit.record_change(
        cohort.organisation_id,
        actor,
        "students-merged",
        f"{cohort.name}: {drop.name} <{drop.email or 'no email'}> into "
        f"{keep.name} <{keep.email or 'no email'}>",
    )
    db.session.flush()
    db.session.delete(drop)
    db.session.commit()
    return keep
