"""Which organisations an attempt belongs to, so their webhooks hear of its submission, and
what a context says about it.

Each resolver maps an attempt to organisation ids. The cohort and position resolvers are
built in; a new context adds its own with ``register_resolver`` when its package
is set up, without this package knowing about it. A context whose events concern one of its
own records (a position's candidate) registers a payload source with ``register_payloads``:
it returns (organisation id, invitation id, body) for the attempt, and that organisation's
webhooks get that body instead of the report's own summary.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import sqlalchemy as sa

from quiz.extensions import db
from quiz.models import Assignment, Attempt, Cohort, Invitation, Position

Resolver = Callable[[Attempt], Iterable[int]]
Payloads = Callable[[Attempt], Iterable[tuple[int, int, dict[str, Any]]]]


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


_payload_sources: list[Payloads] = []


def register_payloads(source: Payloads) -> Payloads:
    """Add a payload source (once); returns it unchanged."""
    if source not in _payload_sources:
        _payload_sources.append(source)
    return source


def position_payloads(attempt: Attempt) -> dict[int, list[tuple[int | None, dict[str, Any]]]]:
    """The bodies the registered sources give for ``attempt``, by organisation id."""
    found: dict[int, list[tuple[int | None, dict[str, Any]]]] = {}
    for source in _payload_sources:
        for org_id, invitation_id, payload in source(attempt):
            found.setdefault(org_id, []).append((invitation_id, payload))
    return found
