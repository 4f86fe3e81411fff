"""Who may see what. Blueprints call these checks; each answers 404 rather than 403 so that
another organisation's or student's URL does not even confirm that the thing exists.

Rules: a student sees only their own attempts and reports; an instructor (owner or instructor
of an organisation) sees only the cohorts of their organisations, and a student's report only
through an assignment of that student's cohort. A recruiter (owner or recruiter of a company)
sees only their company's positions and invitations, and a candidate's result only through
``quiz.recruiting.visible_attempt``; a candidate sees only their own invitations.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import sqlalchemy as sa
from flask import abort, session
from flask_login import current_user
from flask_login import login_required as _login_required

from quiz.extensions import db
from quiz.models import (
    Assignment,
    Attempt,
    Cohort,
    CohortMember,
    Invitation,
    Membership,
    Organisation,
    Position,
)
from quiz.models.orgs import RECRUITING_ROLES, TEACHING_ROLES
from quiz.security.tokens import tokens_match

BROWSER_ATTEMPTS = "attempts"  # session key: tokens of attempts started in this browser
RESUMED_ATTEMPTS = "resumed"  # session key: those of them opened here from a resume link

View = TypeVar("View", bound=Callable[..., Any])


def login_required(view: View) -> View:
    """Flask-Login's decorator with its type kept: anonymous visitors go to the log-in page."""
    return cast(View, _login_required(view))


def current_user_id() -> int | None:
    """The signed-in user's id, or None for an anonymous visitor."""
    return int(current_user.id) if current_user.is_authenticated else None


def browser_tokens() -> list[str]:
    """Tokens of the attempts this browser started or resumed, newest first."""
    return list(session.get(BROWSER_ATTEMPTS, []))


def resumed_tokens() -> list[str]:
    """Tokens of the attempts this browser opened from a resume link (not started here)."""
    return list(session.get(RESUMED_ATTEMPTS, []))


def forget_attempts(tokens: list[str]) -> None:
    """Unbind attempts from this browser (they stay open to their resume link)."""
    drop = set(tokens)
    session[BROWSER_ATTEMPTS] = [t for t in browser_tokens() if t not in drop]
    session[RESUMED_ATTEMPTS] = [t for t in resumed_tokens() if t not in drop]


def may_open_attempt(attempt: Attempt) -> bool:
    """An account's attempt opens for that account only; an anonymous one for its browser."""
    if attempt.user_id is not None:
        return current_user_id() == attempt.user_id
    return any(tokens_match(attempt.token, known) for known in browser_tokens())


def visible_attempt_tokens() -> list[str]:
    """Tokens of every attempt the visitor may open: this browser's anonymous ones (a resume
    link to someone's account attempt does not count) and their account's."""
    uid = current_user_id()
    tokens = browser_tokens()
    if tokens:
        mine = Attempt.user_id.is_(None) if uid is None else Attempt.user_id == uid
        opened = set(
            db.session.scalars(
                sa.select(Attempt.token).where(
                    Attempt.token.in_(tokens), sa.or_(Attempt.user_id.is_(None), mine)
                )
            )
        )
        tokens = [t for t in tokens if t in opened]
    if uid is not None:
        own = db.session.scalars(sa.select(Attempt.token).where(Attempt.user_id == uid))
        tokens = list(dict.fromkeys([*tokens, *own]))
    return tokens


def teaching_org_ids(user_id: int) -> list[int]:
    """Organisations where the user is an owner or an instructor."""
    return list(
        db.session.scalars(
            sa.select(Membership.organisation_id).where(
                Membership.user_id == user_id, Membership.role.in_(TEACHING_ROLES)
            )
        )
    )


def _require_user() -> int:
    uid = current_user_id()
    if uid is None:
        abort(404)
    return uid


def membership(org_id: int, roles: frozenset[str] | None = None) -> Membership:
    """The signed-in user's membership of organisation ``org_id`` (with one of ``roles``)."""
    uid = _require_user()
    found = db.session.scalar(
        sa.select(Membership).where(Membership.organisation_id == org_id, Membership.user_id == uid)
    )
    if found is None or (roles is not None and found.role not in roles):
        abort(404)
    return found


def membership_of(org_id: int, user_id: int) -> Membership:
    """User ``user_id``'s membership of organisation ``org_id`` (the caller checked that the
    signed-in user may manage it); 404 when they are not a member."""
    found = db.session.scalar(
        sa.select(Membership).where(
            Membership.organisation_id == org_id, Membership.user_id == user_id
        )
    )
    if found is None:
        abort(404)
    return found


def teaching_org(org_id: int) -> Organisation:
    """An organisation the signed-in user teaches in; 404 otherwise."""
    return membership(org_id, TEACHING_ROLES).organisation


def teaching_cohort(cohort_id: int) -> Cohort:
    """A cohort of an organisation the signed-in user teaches in; 404 otherwise."""
    uid = _require_user()
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None or cohort.organisation_id not in teaching_org_ids(uid):
        abort(404)
    return cohort


def teaching_assignment(assignment_id: int) -> Assignment:
    """An assignment of a cohort the signed-in user teaches; 404 otherwise."""
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None:
        abort(404)
    teaching_cohort(assignment.cohort_id)
    return assignment


def student_of(assignment: Assignment, member_id: int) -> CohortMember:
    """A student on the roster of ``assignment``'s cohort (the caller checked the teacher)."""
    member = db.session.get(CohortMember, member_id)
    if member is None or member.cohort_id != assignment.cohort_id:
        abort(404)
    return member


def cohort_student(cohort_id: int, member_id: int) -> CohortMember:
    """A student on the roster of a cohort the signed-in user teaches; 404 otherwise."""
    cohort = teaching_cohort(cohort_id)
    member = db.session.get(CohortMember, member_id)
    if member is None or member.cohort_id != cohort.id:
        abort(404)
    return member


def own_membership(cohort_id: int) -> CohortMember:
    """The signed-in student's place in cohort ``cohort_id``; 404 for anyone else."""
    uid = _require_user()
    member = db.session.scalar(
        sa.select(CohortMember).where(
            CohortMember.cohort_id == cohort_id, CohortMember.user_id == uid
        )
    )
    if member is None:
        abort(404)
    return member


def own_assignment(assignment_id: int) -> tuple[Assignment, CohortMember]:
    """An assignment set to a cohort the signed-in student belongs to; 404 otherwise."""
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None:
        abort(404)
    return assignment, own_membership(assignment.cohort_id)


def recruiting_org_ids(user_id: int) -> list[int]:
    """Companies where the user is an owner or a recruiter."""
    return list(
        db.session.scalars(
            sa.select(Membership.organisation_id)
            .join(Organisation, Organisation.id == Membership.organisation_id)
            .where(
                Membership.user_id == user_id,
                Membership.role.in_(RECRUITING_ROLES),
                Organisation.kind == "company",
            )
        )
    )


def recruiting_org(org_id: int) -> Organisation:
    """A company the signed-in user recruits for; 404 otherwise."""
    org = membership(org_id, RECRUITING_ROLES).organisation
    if org.kind != "company":
        abort(404)
    return org


def recruiting_position(position_id: int) -> Position:
    """A position of a company the signed-in user recruits for; 404 otherwise."""
    uid = _require_user()
    position = db.session.get(Position, position_id)
    if position is None or position.organisation_id not in recruiting_org_ids(uid):
        abort(404)
    return position


def recruiting_invitation(invitation_id: int) -> Invitation:
    """An invitation to a position of the signed-in recruiter's company; 404 otherwise."""
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None:
        abort(404)
    recruiting_position(invitation.position_id)
    return invitation


def own_invitation(invitation_id: int) -> Invitation:
    """An invitation the signed-in candidate accepted; 404 for anyone else."""
    uid = _require_user()
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.user_id != uid:
        abort(404)
    return invitation
