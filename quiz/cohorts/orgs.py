"""Organisations and their members."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from quiz.extensions import db
from quiz.models import Cohort, Membership, Organisation, User
from quiz.models.orgs import OWNER


def create_organisation(owner: User, name: str, kind: str) -> Organisation:
    """A new organisation with ``owner`` as its owner."""
    org = Organisation(name=name.strip(), kind=kind)
    org.memberships.append(Membership(user_id=owner.id, role=OWNER))
    db.session.add(org)
    db.session.commit()
    return org


@dataclass(frozen=True)
class OrgSummary:
    """An organisation the user belongs to, their role, and its cohorts."""

    organisation: Organisation
    role: str
    cohorts: list[Cohort]


def organisations_of(user_id: int) -> list[OrgSummary]:
    """Every organisation the user belongs to, by name, with its cohorts."""
    memberships = db.session.scalars(
        sa.select(Membership)
        .join(Membership.organisation)
        .where(Membership.user_id == user_id)
        .options(selectinload(Membership.organisation))
        .order_by(Organisation.name)
    ).all()
    org_ids = [m.organisation_id for m in memberships]
    cohorts = db.session.scalars(
        sa.select(Cohort).where(Cohort.organisation_id.in_(org_ids)).order_by(Cohort.name)
    ).all()
    return [
        OrgSummary(
            m.organisation, m.role, [c for c in cohorts if c.organisation_id == m.organisation_id]
        )
        for m in memberships
    ]


def add_member(org: Organisation, user: User, role: str) -> Membership:
    """Give an existing account a role in ``org`` (changing the role if already a member)."""
    found = db.session.scalar(
        sa.select(Membership).where(
            Membership.organisation_id == org.id, Membership.user_id == user.id
        )
    )
    if found is None:
        found = Membership(organisation_id=org.id, user_id=user.id, role=role)
        db.session.add(found)
    else:
        found.role = role
    db.session.commit()
    return found


def members_of(org: Organisation) -> list[Membership]:
    """The organisation's members with their accounts, by name."""
    return list(
        db.session.scalars(
            sa.select(Membership)
            .join(Membership.user)
            .where(Membership.organisation_id == org.id)
            .options(selectinload(Membership.user))
            .order_by(User.name)
        )
    )
