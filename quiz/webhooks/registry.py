"""Which organisations an attempt belongs to, so their webhooks hear of its submission.

Each resolver maps an attempt to organisation ids. The cohort and position resolvers are
built in; a new context adds its own with ``register_resolver`` when its package
is set up, without this package knowing about it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import sqlalchemy as sa

from quiz.extensions import db
from quiz.models import Assignment, Attempt, Cohort, Invitation, Position

Resolver = Callable[[Attempt], Iterable[int]]


def assignment_organisation(attempt: Attempt) -> list[int]:
    """The organisation of the cohort whose assignment the attempt was taken for."""
    if attempt.assignment_id is None:
        return []
    org_id = db.session.scalar(
        sa.select(Cohort.organisation_id)
        .join(Assignment, Assignment.cohort_id == Cohort.id)
        .where(Assignment.id == attempt.assignment_id)
    )
    return [org_id] if org_id is not None else []


def position_organisation(attempt: Attempt) -> list[int]:
    """The organisations whose positions the candidate consented to take the attempt for
    (a withdrawn or declined invitation no longer counts)."""
    found = db.session.scalars(
        sa.select(Position.organisation_id)
        .join(Invitation, Invitation.position_id == Position.id)
        .where(
            Invitation.attempt_id == attempt.id,
            Invitation.consented_at.is_not(None),
            Invitation.withdrawn_at.is_(None),
            Invitation.declined_at.is_(None),
        )
    )
    return sorted(set(found))


_resolvers: list[Resolver] = [assignment_organisation, position_organisation]


def register_resolver(resolver: Resolver) -> Resolver:
    """Add a resolver (once; usable as a decorator); returns it unchanged."""
    if resolver not in _resolvers:
        _resolvers.append(resolver)
    return resolver


def organisations_for_attempt(attempt: Attempt) -> list[int]:
    """Ids of every organisation the attempt belongs to, by every resolver, sorted."""
    found: set[int] = set()
    for resolver in _resolvers:
        found.update(resolver(attempt))
    return sorted(found)
